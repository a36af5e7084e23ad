using Google.Protobuf;

namespace Hourglass.FakeTemporal;

/// <summary>A call the fake frontend received, recorded before it was answered (or refused).</summary>
/// <param name="Method">The gRPC method name without the service, e.g. "StartWorkflowExecution".</param>
/// <param name="Request">The request message as decoded, e.g. a <c>StartWorkflowExecutionRequest</c>.</param>
/// <param name="Headers">
/// The call's metadata, names in lower case (e.g. "authorization", "client-name"); repeated
/// headers are joined with ", ", binary ("-bin") headers are given in base64.
/// </param>
/// <param name="ReceivedAt">When the call arrived.</param>
public sealed record ReceivedRequest(
    string Method,
    IMessage Request,
    IReadOnlyDictionary<string, string> Headers,
    DateTimeOffset ReceivedAt);
