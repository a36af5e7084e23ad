using Akka.Actor;

namespace Hourglass.Protocol;

/// <summary>A backend: real, mock, or an actor of the caller's that answers operations itself.</summary>
/// <param name="Kind">The kind of backend.</param>
/// <param name="Actor">For <see cref="BackendKind.Actor"/>: the actor that receives the operations.</param>
public sealed record BackendChoice(BackendKind Kind, IActorRef? Actor = null) : IHourglassMessage
{
    /// <summary>The Temporal server.</summary>
    public static BackendChoice Real { get; } = new(BackendKind.Real);

    /// <summary>The in-process mock.</summary>
    public static BackendChoice Mock { get; } = new(BackendKind.Mock);

    /// <summary>
    /// Route operations to <paramref name="actor"/> exactly as they would reach a backend, for a test
    /// to assert on them and answer by hand or with an AutoPilot.
    /// </summary>
    public static BackendChoice Of(IActorRef actor) => new(BackendKind.Actor, actor ?? throw new ArgumentNullException(nameof(actor)));

    /// <summary>Lets <c>new UseBackend(BackendKind.Mock)</c> read naturally.</summary>
    public static implicit operator BackendChoice(BackendKind kind) => new(kind);

    /// <inheritdoc />
    public override string ToString() => Kind == BackendKind.Actor ? $"actor {Actor?.Path}" : Kind.ToString().ToLowerInvariant();
}
