using System.Collections.Concurrent;
using Hourglass.Protocol;

namespace Hourglass.Chaos;

/// <summary>
/// Counts every operation's fate: answered once, lost (no answer within its bound), doubled (a second
/// answer), late (an answer after it was counted lost), misdirected (an answer that is not one to its
/// request: another reply type, or another request's failure or workflow), and the mix of answers by
/// operation and reply. Thread-safe: catchers and the dead-letter watcher report from many threads.
/// </summary>
internal sealed class Tally
{
    private readonly ConcurrentDictionary<(string Operation, string Outcome), int> _mix = new();
    private readonly ConcurrentDictionary<string, int> _doubledSamples = new();
    private readonly ConcurrentDictionary<(string Operation, string Outcome), string> _examples = new();
    private readonly int[] _state; // 0 pending, 1 answered, 2 lost
    private readonly string[] _names;
    private int _sent;
    private int _answered;
    private int _lost;
    private int _doubled;
    private int _late;
    private int _misdirected;
    private readonly ConcurrentBag<Op> _lostOps = new();

    public Tally(int operations)
    {
        _state = new int[operations];
        _names = new string[operations];
    }

    public int Sent => Volatile.Read(ref _sent);
    public int Answered => Volatile.Read(ref _answered);
    public int Lost => Volatile.Read(ref _lost);
    public int Doubled => Volatile.Read(ref _doubled);
    public int Late => Volatile.Read(ref _late);
    public int Misdirected => Volatile.Read(ref _misdirected);

    /// <summary>Operations still waiting for their answer.</summary>
    public int Pending => Sent - Answered - Lost;

    public void WasSent(Op op)
    {
        _names[op.Index] = op.Name;
        Interlocked.Increment(ref _sent);
    }

    public void Reply(Op op, object reply)
    {
        switch (Interlocked.CompareExchange(ref _state[op.Index], 1, 0))
        {
            case 0:
                Interlocked.Increment(ref _answered);
                Took(op, reply);
                _mix.AddOrUpdate((op.Name, Outcome(reply)), 1, (_, n) => n + 1);
                if (reply is OperationFailed f) _examples.TryAdd((op.Name, Outcome(reply)), f.Error.ToString());
                if (!Fits(op.Request, reply))
                {
                    Interlocked.Increment(ref _misdirected);
                    _doubledSamples.TryAdd($"misdirected {op.Name}: {op.Request} answered {reply}", 0);
                }
                op.Done.TrySetResult(reply);
                break;
            case 1:
                Extra(op, reply);
                break;
            default:
                Interlocked.Increment(ref _late);
                _doubledSamples.TryAdd($"late {op.Name}: {Outcome(reply)}", 0);
                break;
        }
    }

    /// <summary>A reply that reached the operation's catcher after it had stopped.</summary>
    public void AfterStop(int index, object reply)
    {
        if (index < 0 || index >= _names.Length) return;
        var name = _names[index];
        if (Volatile.Read(ref _state[index]) == 2)
        {
            Interlocked.Increment(ref _late);
            _doubledSamples.TryAdd($"late {name}: {Outcome(reply)}", 0);
        }
        else
        {
            Interlocked.Increment(ref _doubled);
            _doubledSamples.TryAdd($"doubled {name}: {Outcome(reply)}", 0);
        }
    }

    public void Extra(Op op, object reply)
    {
        Interlocked.Increment(ref _doubled);
        _doubledSamples.TryAdd($"doubled {op.Name}: {Outcome(reply)}", 0);
    }

    public void NoAnswer(Op op)
    {
        if (Interlocked.CompareExchange(ref _state[op.Index], 2, 0) != 0) return;
        Interlocked.Increment(ref _lost);
        _lostOps.Add(op);
        _doubledSamples.TryAdd($"lost {op.Name}: {op.Request}", 0);
        op.Done.TrySetResult(null);
    }

    /// <summary>What an answer was: its reply type, or for a failure its error kind.</summary>
    public static string Outcome(object reply) => reply switch
    {
        OperationFailed failed => failed.Error.Kind.ToString(),
        _ => reply.GetType().Name,
    };

    /// <summary>
    /// True when <paramref name="reply"/> answers <paramref name="request"/>: its success reply type (the
    /// <c>IHourglassRequest&lt;TReply&gt;</c> it declares; MockWorkflowUpdated for a mock control) or an
    /// OperationFailed of a request of the same type, and naming the same workflow where both name one.
    /// </summary>
    public static bool Fits(object request, object reply)
    {
        if (reply is OperationFailed failed)
            return failed.Request.GetType() == request.GetType() && SameWorkflow(request, failed.Request);
        var expected = request.GetType().GetInterfaces()
            .FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IHourglassRequest<>))?.GetGenericArguments()[0]
            ?? (request is IMockMessage ? typeof(Hourglass.Backends.Mock.MockWorkflowUpdated) : null);
        return expected is not null && expected.IsInstanceOfType(reply) && SameWorkflow(request, reply);
    }

    private static bool SameWorkflow(object a, object b) =>
        WorkflowOf(a) is not { } x || WorkflowOf(b) is not { } y || string.Equals(x, y, StringComparison.Ordinal);

    private static string? WorkflowOf(object message) => message switch
    {
        StartWorkflow s => s.WorkflowId,
        SignalWithStartWorkflow s => s.Start.WorkflowId,
        _ => message.GetType().GetProperty("Handle")?.GetValue(message) is WorkflowHandle handle ? handle.WorkflowId : null,
    };

    public IReadOnlyDictionary<(string Operation, string Outcome), int> Mix => _mix;

    private readonly object _slowestGate = new();
    private readonly List<(TimeSpan Took, string What)> _slowest = new();

    // Keeps the five slowest answers.
    private void Took(Op op, object reply)
    {
        var took = System.Diagnostics.Stopwatch.GetElapsedTime(op.SentAt);
        lock (_slowestGate)
        {
            if (_slowest.Count == 5 && took <= _slowest[^1].Took) return;
            _slowest.Add((took, $"{op.Name} #{op.Index}: {Outcome(reply)}"));
            _slowest.Sort((a, b) => b.Took.CompareTo(a.Took));
            if (_slowest.Count > 5) _slowest.RemoveAt(5);
        }
    }

    /// <summary>The operations counted lost.</summary>
    public IReadOnlyCollection<Op> LostOps => _lostOps;

    /// <summary>The five slowest answers, slowest first.</summary>
    public IReadOnlyList<(TimeSpan Took, string What)> Slowest
    {
        get { lock (_slowestGate) return _slowest.ToArray(); }
    }

    /// <summary>The first error seen for each operation and error kind (for --why).</summary>
    public IReadOnlyDictionary<(string Operation, string Outcome), string> Examples => _examples;

    /// <summary>A few of the lost, doubled and late answers, to show what went wrong.</summary>
    public IEnumerable<string> Samples => _doubledSamples.Keys.Order(StringComparer.Ordinal).Take(20);
}
