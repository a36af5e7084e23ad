using System.Text.RegularExpressions;
using Hourglass.Configuration;
using Hourglass.Protocol;
using Temporalio.Api.Common.V1;

namespace Hourglass.Routing;

/// <summary>
/// Checks a request before any backend sees it, and fills in configured defaults. Bad input is
/// refused here with InvalidArgument, so no network call is made for it and nothing is lost.
/// </summary>
internal static partial class Validation
{
    // Temporal's own limit on workflow ids and names.
    private const int MaxIdLength = 1000;

    [GeneratedRegex("^[A-Za-z0-9](?:[A-Za-z0-9._-]{0,253}[A-Za-z0-9])?$")]
    private static partial Regex NamespacePattern();

    /// <summary>Why <paramref name="name"/> is not a namespace name, or null when it is one.</summary>
    public static string? NamespaceProblem(string? name) =>
        string.IsNullOrWhiteSpace(name) ? "a namespace name must not be empty"
        : NamespacePattern().IsMatch(name) ? null
        : "a namespace name is 1 to 255 letters, digits, '.', '-' or '_', starting and ending with a letter or digit";

    /// <summary>Why the request cannot be served, or null when it can.</summary>
    public static string? Problem(IHourglassRequest request, HourglassSettings settings) => request switch
    {
        StartWorkflow s => StartProblem(s, settings),
        DescribeWorkflow d => HandleProblem(d.Handle),
        FetchHistory f => HandleProblem(f.Handle),
        SignalWorkflow s => HandleProblem(s.Handle)
            ?? Blank(s.SignalName, "signal name")
            ?? Blank(s.RequestId, "request id")
            ?? PayloadProblem(s.Args, null, settings),
        CancelWorkflow c => HandleProblem(c.Handle) ?? Blank(c.RequestId, "request id"),
        EnsureNamespace e => NamespaceProblem(e.Name) is { } p ? $"{p} (got \"{e.Name}\")"
            : e.Retention is { } r && r <= TimeSpan.Zero ? "retention must be positive" : null,
        GetWorkflowStatus g => HandleProblem(g.Handle),
        AwaitWorkflow a => HandleProblem(a.Handle)
            ?? (a.Timeout is { } t && t <= TimeSpan.Zero ? "await timeout must be positive" : null)
            ?? (a.PollInterval is { } i && i <= TimeSpan.Zero ? "await poll interval must be positive" : null),
        _ => null,
    };

    /// <summary>The request with configured defaults in place of what it left empty.</summary>
    public static IHourglassRequest WithDefaults(IHourglassRequest request, HourglassSettings settings) => request switch
    {
        StartWorkflow s => s with
        {
            Namespace = string.IsNullOrEmpty(s.Namespace) ? settings.DefaultNamespace : s.Namespace,
            TaskQueue = string.IsNullOrEmpty(s.TaskQueue) ? settings.DefaultTaskQueue : s.TaskQueue,
        },
        DescribeWorkflow d => d with { Handle = Resolve(d.Handle, settings) },
        FetchHistory f => f with { Handle = Resolve(f.Handle, settings) },
        SignalWorkflow s => s with { Handle = Resolve(s.Handle, settings) },
        CancelWorkflow c => c with { Handle = Resolve(c.Handle, settings) },
        GetWorkflowStatus g => g with { Handle = Resolve(g.Handle, settings) },
        AwaitWorkflow a => a with
        {
            Handle = Resolve(a.Handle, settings),
            Timeout = a.Timeout ?? settings.AwaitDefaultTimeout,
            PollInterval = a.PollInterval ?? settings.AwaitDefaultPollInterval,
        },
        _ => request,
    };

    private static WorkflowHandle Resolve(WorkflowHandle handle, HourglassSettings settings) =>
        handle.Namespace.Length == 0 ? handle with { Namespace = settings.DefaultNamespace } : handle;

    private static string? StartProblem(StartWorkflow s, HourglassSettings settings) =>
        Blank(s.WorkflowType, "workflow type")
        ?? Blank(s.WorkflowId, "workflow id")
        ?? Blank(s.RequestId, "request id")
        ?? (string.IsNullOrEmpty(s.Namespace) ? null : NamespaceWithValue(s.Namespace))
        ?? (s.TaskQueue is { Length: > 0 } q && string.IsNullOrWhiteSpace(q) ? "task queue must not be blank" : null)
        ?? Positive(s.ExecutionTimeout, "execution timeout")
        ?? Positive(s.RunTimeout, "run timeout")
        ?? Positive(s.TaskTimeout, "task timeout")
        ?? (s.StartDelay is { } d && d < TimeSpan.Zero ? "start delay must not be negative" : null)
        ?? PayloadProblem(s.Args, s.Memo?.Values, settings);

    private static string? HandleProblem(WorkflowHandle? handle)
    {
        if (handle is null) return "a workflow handle is required";
        return Blank(handle.WorkflowId, "workflow id")
            ?? (handle.Namespace.Length == 0 ? null : NamespaceWithValue(handle.Namespace))
            ?? (handle.RunId.Length == 0 || Guid.TryParse(handle.RunId, out _)
                ? null
                : $"run id \"{handle.RunId}\" is not a UUID (leave it empty for the latest run)");
    }

    private static string? NamespaceWithValue(string ns) =>
        NamespaceProblem(ns) is { } p ? $"{p} (got \"{ns}\")" : null;

    private static string? Blank(string? value, string what) =>
        string.IsNullOrWhiteSpace(value) ? $"{what} is required"
        : value.Length > MaxIdLength ? $"{what} is longer than {MaxIdLength} characters"
        : null;

    private static string? Positive(TimeSpan? value, string what) =>
        value is { } v && v <= TimeSpan.Zero ? $"{what} must be positive" : null;

    private static string? PayloadProblem(IReadOnlyList<Payload>? args, IEnumerable<Payload>? more, HourglassSettings settings)
    {
        if (args is not null && args.Any(a => a is null)) return "payloads must not be null (encode null with HourglassPayload.From(null))";
        var size = HourglassPayload.SizeOf(args) + HourglassPayload.SizeOf(more);
        return size > settings.MaxPayloadBytes
            ? $"payloads are {size} bytes, over hourglass.max-payload-bytes = {settings.MaxPayloadBytes}"
            : null;
    }
}
