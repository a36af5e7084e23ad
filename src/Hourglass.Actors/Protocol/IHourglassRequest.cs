namespace Hourglass.Protocol;

/// <summary>
/// A message sent to the <see cref="ClientBackendActor"/> that is answered with exactly one
/// reply: its typed success reply or an <see cref="OperationFailed"/>.
/// </summary>
public interface IHourglassRequest : IHourglassMessage;

/// <summary>A request whose success reply is <typeparamref name="TReply"/> (so <c>AskAsync</c> can infer it).</summary>
/// <typeparam name="TReply">The reply it is answered with when it succeeds.</typeparam>
public interface IHourglassRequest<TReply> : IHourglassRequest
    where TReply : IHourglassReply;
