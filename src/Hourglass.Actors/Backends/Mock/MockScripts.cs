using Akka.Actor;
using Hourglass.Protocol;

namespace Hourglass.Backends.Mock;

/// <summary>
/// The scripts of every sender, kept outside the mock actor so a restart does not lose them.
/// Touched only from the mock actor.
/// </summary>
internal sealed class MockScripts
{
    private readonly Dictionary<IActorRef, OwnerScript> _owners = new();

    public int OwnerCount => _owners.Count;

    public bool IsScripted(IActorRef owner) => _owners.ContainsKey(owner);

    /// <summary>Adds a line; true when this owner had no script before.</summary>
    public bool Add(IActorRef owner, MockExpectation line)
    {
        var isNew = !_owners.TryGetValue(owner, out var script);
        if (isNew) _owners[owner] = script = new OwnerScript();
        if (line.IsStub) script!.Stubs[line.OperationType] = line.Responder;
        else script!.Expectations.Add(new Expectation(line.OperationType, line.Times!.Value, line.Responder));
        return isNew;
    }

    /// <summary>
    /// Finds what answers <paramref name="operation"/> for <paramref name="owner"/>: the first
    /// unexhausted expectation of its type, else its stub. Null when nothing covers it (the call is
    /// then recorded as unexpected).
    /// </summary>
    public Covered? Take(IActorRef owner, IBackendOperation operation)
    {
        var script = _owners[owner];
        var type = operation.GetType();
        var expectation = script.Expectations.FirstOrDefault(e => e.Type == type && e.Remaining > 0);
        if (expectation is not null)
        {
            expectation.Remaining--;
            return new Covered(expectation.Responder);
        }
        if (script.Stubs.TryGetValue(type, out var stub)) return new Covered(stub);
        script.Unexpected.Add(operation);
        return null;
    }

    public MockVerified Verify(IActorRef owner)
    {
        if (!_owners.TryGetValue(owner, out var script)) return new MockVerified([], []);
        var unmet = script.Expectations
            .Where(e => e.Remaining > 0)
            .Select(e => $"{e.Type.Name} expected {e.Times} call(s), got {e.Times - e.Remaining}")
            .ToArray();
        return new MockVerified(unmet, script.Unexpected.ToArray());
    }

    public bool Forget(IActorRef owner) => _owners.Remove(owner);

    /// <summary>What answers a covered call; a null responder means the in-memory Temporal.</summary>
    public sealed record Covered(Func<IBackendOperation, object>? Responder);

    private sealed class OwnerScript
    {
        public List<Expectation> Expectations { get; } = new();
        public Dictionary<Type, Func<IBackendOperation, object>?> Stubs { get; } = new();
        public List<IBackendOperation> Unexpected { get; } = new();
    }

    private sealed class Expectation(Type type, int times, Func<IBackendOperation, object>? responder)
    {
        public Type Type { get; } = type;
        public int Times { get; } = times;
        public int Remaining { get; set; } = times;
        public Func<IBackendOperation, object>? Responder { get; } = responder;
    }
}
