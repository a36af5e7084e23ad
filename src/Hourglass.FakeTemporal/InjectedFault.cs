namespace Hourglass.FakeTemporal;

/// <summary>
/// A fault injected into a <see cref="FakeTemporalServer"/>: it acts on the next matching calls
/// until its count runs out or it is removed. Disposing it removes it.
/// </summary>
public sealed class InjectedFault : IDisposable
{
    private readonly FaultRegistry _owner;
    private int? _remaining;
    private int _applied;
    private bool _removed;

    internal InjectedFault(FaultRegistry owner, string? method, FakeFault fault, int? times)
    {
        _owner = owner;
        Method = method;
        Fault = fault;
        _remaining = times;
    }

    /// <summary>The method it applies to ("StartWorkflowExecution", …), or null for every method.</summary>
    public string? Method { get; }

    /// <summary>What it does to a call.</summary>
    public FakeFault Fault { get; }

    /// <summary>How many more calls it will act on; null when it lasts until removed.</summary>
    public int? RemainingCalls
    {
        get { lock (_owner.Gate) return _remaining; }
    }

    /// <summary>How many calls it has acted on so far.</summary>
    public int TimesApplied
    {
        get { lock (_owner.Gate) return _applied; }
    }

    /// <summary>True until it is used up or removed.</summary>
    public bool IsActive
    {
        get { lock (_owner.Gate) return !_removed && _remaining is not 0; }
    }

    /// <summary>Removes the fault; calls already being held by it are not affected.</summary>
    public void Remove() => _owner.Remove(this);

    /// <summary>Removes the fault, as <see cref="Remove"/> does.</summary>
    public void Dispose() => Remove();

    // Called under the registry's gate: takes one use, true when the fault applies.
    internal bool TryTake()
    {
        if (_removed || _remaining is 0) return false;
        if (_remaining is { } n) _remaining = n - 1;
        _applied++;
        if (_remaining is 0) _removed = true;
        return true;
    }

    internal void MarkRemoved() => _removed = true;

    internal bool IsRemoved => _removed;
}

/// <summary>The faults injected into one server, in injection order.</summary>
internal sealed class FaultRegistry
{
    private readonly List<InjectedFault> _faults = new();

    public object Gate { get; } = new();

    public InjectedFault Add(string? method, FakeFault fault, int? times)
    {
        ArgumentNullException.ThrowIfNull(fault);
        if (times is < 1) throw new ArgumentOutOfRangeException(nameof(times), times, "A fault applies to at least one call; pass null for every call until removed.");
        if (method is { Length: 0 }) throw new ArgumentException("The method name is empty.", nameof(method));
        var injected = new InjectedFault(this, method, fault, times);
        lock (Gate) _faults.Add(injected);
        return injected;
    }

    public void Remove(InjectedFault fault)
    {
        lock (Gate)
        {
            fault.MarkRemoved();
            _faults.Remove(fault);
        }
    }

    public void Clear()
    {
        lock (Gate)
        {
            foreach (var fault in _faults) fault.MarkRemoved();
            _faults.Clear();
        }
    }

    public IReadOnlyList<InjectedFault> Snapshot()
    {
        lock (Gate) return _faults.ToArray();
    }

    /// <summary>The fault for a call to <paramref name="method"/>: the oldest one for that method, else the oldest for every method.</summary>
    public FakeFault? Take(string method)
    {
        lock (Gate)
        {
            var chosen = _faults.FirstOrDefault(f => f.Method == method && !f.IsRemoved)
                ?? _faults.FirstOrDefault(f => f.Method is null && !f.IsRemoved);
            if (chosen is null || !chosen.TryTake()) return null;
            if (chosen.IsRemoved) _faults.Remove(chosen);
            return chosen.Fault;
        }
    }
}
