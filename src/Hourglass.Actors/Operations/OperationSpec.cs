using Hourglass.Configuration;
using Hourglass.Protocol;
using Hourglass.Serialization;

namespace Hourglass.Operations;

/// <summary>
/// One row of the operation table: what an operation is, how every field of it is checked, which
/// defaults it takes, and the wire codecs of the messages it owns. The router, both backends and
/// the serializer read these rows; none of them switches over operation types.
/// </summary>
internal abstract class OperationSpec
{
    /// <summary>The request record.</summary>
    public abstract Type RequestType { get; }

    /// <summary>The success reply record.</summary>
    public abstract Type ReplyType { get; }

    private string? _name;

    /// <summary>The operation's name: its request type's (read once: every operation's measure and validation names it).</summary>
    public string Name => _name ??= RequestType.Name;

    /// <summary>Why the request cannot be served, naming the field; null when it can.</summary>
    public abstract string? Problem(IHourglassRequest request, HourglassSettings settings);

    /// <summary>The request with configured defaults filled in; the same instance when there were none to fill.</summary>
    public abstract IHourglassRequest WithDefaults(IHourglassRequest request, HourglassSettings settings);

    /// <summary>The codecs of the messages this operation owns (its request, and its reply unless another operation owns it).</summary>
    public abstract IReadOnlyList<MessageCodec> Codecs { get; }

    /// <summary>The handle with the default namespace in place of an empty one (the same instance when it names one).</summary>
    protected static WorkflowHandle Resolve(WorkflowHandle handle, HourglassSettings settings) =>
        handle.Namespace.Length == 0 ? handle with { Namespace = settings.DefaultNamespace } : handle;
}
