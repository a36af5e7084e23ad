using Google.Protobuf;
using static Temporalio.Exceptions.RpcException;

namespace Hourglass.FakeTemporal;

/// <summary>What an injected fault does to a call once its <see cref="FakeFault.Delay"/> has passed.</summary>
public enum FakeFaultKind
{
    /// <summary>The call is answered normally (a pure delay).</summary>
    Answer,

    /// <summary>The call fails with <see cref="FakeFault.Code"/>, <see cref="FakeFault.Message"/> and <see cref="FakeFault.Detail"/>.</summary>
    Error,

    /// <summary>The call's HTTP/2 stream is reset (RST_STREAM); the TCP connection stays up.</summary>
    AbortCall,

    /// <summary>The TCP connection carrying the call is closed, failing every call on it.</summary>
    DropConnection,
}

/// <summary>
/// A misbehaviour to inject with <see cref="FakeTemporalServer.InjectFault"/>: an optional delay,
/// then a normal answer, an error status, a reset stream or a dropped connection.
/// </summary>
/// <example><code>
/// server.InjectFault("StartWorkflowExecution", FakeFault.Error(StatusCode.Unavailable, "try later"));
/// server.InjectFault("DescribeNamespace", FakeFault.Delayed(TimeSpan.FromSeconds(5)));
/// server.InjectFaultForAllMethods(FakeFault.Error(StatusCode.Internal, "boom").After(TimeSpan.FromMilliseconds(200)), times: 3);
/// </code></example>
public sealed record FakeFault
{
    /// <summary>What happens after the delay.</summary>
    public FakeFaultKind Kind { get; init; }

    /// <summary>How long the call is held before the fault acts. The caller's deadline or cancellation cuts it short.</summary>
    public TimeSpan Delay { get; init; }

    /// <summary>The status code sent, for <see cref="FakeFaultKind.Error"/>.</summary>
    public StatusCode Code { get; init; } = StatusCode.Unknown;

    /// <summary>The status message sent, for <see cref="FakeFaultKind.Error"/>.</summary>
    public string Message { get; init; } = "";

    /// <summary>
    /// A failure detail (e.g. a <c>Temporalio.Api.ErrorDetails.V1.NamespaceNotFoundFailure</c>) packed
    /// into the status details as a Temporal frontend does, for <see cref="FakeFaultKind.Error"/>.
    /// </summary>
    public IMessage? Detail { get; init; }

    /// <summary>Fails the call with a gRPC status and, optionally, a Temporal failure detail.</summary>
    /// <param name="code">The status code.</param>
    /// <param name="message">The status message.</param>
    /// <param name="detail">A failure message packed into the status details, or null for none.</param>
    public static FakeFault Error(StatusCode code, string message, IMessage? detail = null) =>
        new() { Kind = FakeFaultKind.Error, Code = code, Message = message, Detail = detail };

    /// <summary>Holds the call for <paramref name="delay"/>, then answers it normally.</summary>
    /// <param name="delay">How long to hold the call.</param>
    public static FakeFault Delayed(TimeSpan delay) => new() { Kind = FakeFaultKind.Answer, Delay = delay };

    /// <summary>Resets the call's HTTP/2 stream without answering; the connection survives.</summary>
    public static FakeFault AbortCall() => new() { Kind = FakeFaultKind.AbortCall };

    /// <summary>Closes the TCP connection the call came on without answering.</summary>
    public static FakeFault DropConnection() => new() { Kind = FakeFaultKind.DropConnection };

    /// <summary>This fault, acting only after <paramref name="delay"/>.</summary>
    /// <param name="delay">How long to hold the call first.</param>
    public FakeFault After(TimeSpan delay) => this with { Delay = delay };
}
