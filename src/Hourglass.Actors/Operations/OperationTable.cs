using System.Collections.Frozen;
using Hourglass.Protocol;
using Hourglass.Serialization;

namespace Hourglass.Operations;

/// <summary>
/// Every operation Hourglass offers, each declared once in its own <c>…Operation</c> class. The
/// router validates and defaults by it, the backends execute by it, the serializer takes its
/// codecs from it; a test checks that every operation type in the assembly has its row, its
/// codecs, its Ask helper and its CLI verb.
/// </summary>
internal static class OperationTable
{
    /// <summary>The backend operations, in the order the README lists them.</summary>
    public static IReadOnlyList<BackendOperationSpec> BackendOperations { get; } =
    [
        new StartWorkflowOperation(),
        new SignalWithStartWorkflowOperation(),
        new DescribeWorkflowOperation(),
        new FetchHistoryOperation(),
        new PollHistoryOperation(),
        new SignalWorkflowOperation(),
        new QueryWorkflowOperation(),
        new UpdateWorkflowOperation(),
        new CancelWorkflowOperation(),
        new TerminateWorkflowOperation(),
        new EnsureNamespaceOperation(),
        new ListWorkflowsOperation(),
        new CountWorkflowsOperation(),
    ];

    /// <summary>The queries the router serves itself.</summary>
    public static IReadOnlyList<WorkflowQuerySpec> Queries { get; } =
    [
        new GetWorkflowStatusOperation(),
        new AwaitWorkflowOperation(),
        new WatchWorkflowOperation(),
        new UnwatchWorkflowOperation(),
    ];

    /// <summary>Every row.</summary>
    public static IReadOnlyList<OperationSpec> All { get; } = [.. BackendOperations, .. Queries];

    private static readonly FrozenDictionary<Type, BackendOperationSpec> ByBackendType =
        BackendOperations.ToFrozenDictionary(s => s.RequestType);

    private static readonly FrozenDictionary<Type, WorkflowQuerySpec> ByQueryType =
        Queries.ToFrozenDictionary(s => s.RequestType);

    /// <summary>The row of a backend operation; null for a type the table does not hold (one a caller made up).</summary>
    public static BackendOperationSpec? For(IBackendOperation operation) => ByBackendType.GetValueOrDefault(operation.GetType());

    /// <summary>The row of a query; null for a type the table does not hold.</summary>
    public static WorkflowQuerySpec? For(IWorkflowQuery query) => ByQueryType.GetValueOrDefault(query.GetType());

    /// <summary>The codecs of every operation's messages.</summary>
    public static IEnumerable<MessageCodec> Codecs => All.SelectMany(s => s.Codecs);

    /// <summary>The answer for a request whose type is not in the table.</summary>
    public static HourglassError NotAnOperation(IHourglassRequest request) => HourglassError.InvalidArgument(
        $"{request.GetType().FullName} is not an Hourglass operation: send one of the types in Hourglass.Protocol");
}
