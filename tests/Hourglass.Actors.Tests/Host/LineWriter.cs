using System.Text;

namespace Hourglass.Tests.Host;

/// <summary>
/// A <see cref="TextWriter"/> that keeps what is written, line by line, and lets a test wait for a
/// line (or a number of lines) that matches, without polling: a waiter is completed by the write
/// that ends the line it waits for. Safe to write from several threads.
/// </summary>
public sealed class LineWriter : TextWriter
{
    private readonly Lock _gate = new();
    private readonly StringBuilder _partial = new();
    private readonly List<string> _lines = [];
    private readonly List<Waiter> _waiters = [];

    /// <inheritdoc />
    public override Encoding Encoding => Encoding.UTF8;

    /// <summary>The complete lines written so far.</summary>
    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_gate) return _lines.ToArray();
        }
    }

    /// <summary>Everything written, for failure messages.</summary>
    public override string ToString()
    {
        lock (_gate) return string.Join('\n', _lines) + (_partial.Length > 0 ? "\n" + _partial : "");
    }

    /// <inheritdoc />
    public override void Write(char value)
    {
        lock (_gate) Append(value);
    }

    /// <inheritdoc />
    public override void Write(string? value)
    {
        if (value is null) return;
        lock (_gate)
        {
            foreach (var c in value) Append(c);
        }
    }

    /// <inheritdoc />
    public override void Write(char[] buffer, int index, int count)
    {
        lock (_gate)
        {
            for (var i = index; i < index + count; i++) Append(buffer[i]);
        }
    }

    /// <summary>The first line that matches, as soon as it is written (or at once if it was).</summary>
    public async Task<string> WaitForLineAsync(Func<string, bool> match, TimeSpan timeout) =>
        (await WaitForLinesAsync(match, 1, timeout))[0];

    /// <summary>
    /// The first <paramref name="count"/> lines that match, as soon as they are written. Throws
    /// <see cref="TimeoutException"/>, with everything written so far, when they are not in time.
    /// </summary>
    public async Task<IReadOnlyList<string>> WaitForLinesAsync(Func<string, bool> match, int count, TimeSpan timeout)
    {
        var waiter = new Waiter(match, count);
        lock (_gate)
        {
            foreach (var line in _lines) waiter.Offer(line);
            if (!waiter.Done.Task.IsCompleted) _waiters.Add(waiter);
        }
        try
        {
            return await waiter.Done.Task.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"{count} matching line(s) not written within {timeout}; written:\n{this}");
        }
        finally
        {
            lock (_gate) _waiters.Remove(waiter);
        }
    }

    private void Append(char c)
    {
        if (c == '\r') return;
        if (c != '\n')
        {
            _partial.Append(c);
            return;
        }
        var line = _partial.ToString();
        _partial.Clear();
        _lines.Add(line);
        foreach (var waiter in _waiters) waiter.Offer(line);
    }

    private sealed class Waiter(Func<string, bool> match, int count)
    {
        private readonly List<string> _matched = [];

        public TaskCompletionSource<IReadOnlyList<string>> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Offer(string line)
        {
            if (Done.Task.IsCompleted || !match(line)) return;
            _matched.Add(line);
            if (_matched.Count == count) Done.TrySetResult(_matched.ToArray());
        }
    }
}
