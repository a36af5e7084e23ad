using Akka.Actor;
using Hourglass.Protocol;

namespace Hourglass.Backends.Real;

/// <summary>The backend on a Temporal server. Not built yet: every operation answers BackendFailed.</summary>
public sealed class RealBackendActor : BackendActorBase
{
    /// <summary>Props for the real backend.</summary>
    public static Props Props() => Akka.Actor.Props.Create(() => new RealBackendActor());

    /// <inheritdoc />
    protected override void Serve(IHourglassOperation operation, IActorRef replyTo, IActorRef owner) =>
        Answer(Hold(operation, replyTo), HourglassError.BackendFailed("real backend not built yet"));
}
