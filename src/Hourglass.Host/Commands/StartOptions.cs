using System.CommandLine;
using System.Globalization;
using Hourglass.Host.Cli;
using Hourglass.Host.Operator;
using Hourglass.Protocol;
using Temporalio.Api.Enums.V1;

namespace Hourglass.Host.Commands;

/// <summary>
/// The operands and options of a workflow start, shared by <c>start</c> and <c>signal-with-start</c>
/// (each verb makes its own), and the <see cref="StartWorkflow"/> they make.
/// </summary>
internal sealed class StartOptions
{
    private static readonly Dictionary<string, WorkflowIdReusePolicy> ReusePolicies = new(StringComparer.Ordinal)
    {
        ["allow"] = WorkflowIdReusePolicy.AllowDuplicate,
        ["allow-failed-only"] = WorkflowIdReusePolicy.AllowDuplicateFailedOnly,
        ["reject"] = WorkflowIdReusePolicy.RejectDuplicate,
    };

    private static readonly Dictionary<string, WorkflowIdConflictPolicy> ConflictPolicies = new(StringComparer.Ordinal)
    {
        ["fail"] = WorkflowIdConflictPolicy.Fail,
        ["use-existing"] = WorkflowIdConflictPolicy.UseExisting,
        ["terminate-existing"] = WorkflowIdConflictPolicy.TerminateExisting,
    };

    private static readonly Dictionary<string, IndexedValueType> SearchAttributeTypes = new(StringComparer.Ordinal)
    {
        ["keyword"] = IndexedValueType.Keyword,
        ["text"] = IndexedValueType.Text,
        ["int"] = IndexedValueType.Int,
        ["double"] = IndexedValueType.Double,
        ["bool"] = IndexedValueType.Bool,
        ["datetime"] = IndexedValueType.Datetime,
        ["keyword-list"] = IndexedValueType.KeywordList,
    };

    /// <summary>How <c>--search-attribute</c> is written, for help and errors.</summary>
    public const string SearchAttributeSyntax = "<name>=<type>:<value>";

    /// <summary>The workflow type: <c>&lt;workflow-type&gt;</c> or <c>--type</c>.</summary>
    public Operand WorkflowType { get; } = new("workflow-type", "the workflow's type (or --type)",
        CliOptions.Text("--type", "workflow-type", "the workflow's type, instead of <workflow-type>"));

    /// <summary>The workflow id: <c>&lt;workflow-id&gt;</c> or <c>-w</c>.</summary>
    public Operand WorkflowId { get; } = Operand.WorkflowId();

    /// <summary>The workflow's input.</summary>
    public PayloadInputs Inputs { get; } = new("a workflow argument");

    private readonly Option<string> _taskQueue = CliOptions.Text("--task-queue", "queue", "task queue (default: hourglass.default-task-queue, \"default\")", "-t");
    private readonly Option<WorkflowIdReusePolicy?> _reusePolicy = CliOptions.Choice("--id-reuse-policy", "policy",
        "allow | allow-failed-only | reject: may a closed run's id be used again", ReusePolicies);
    private readonly Option<WorkflowIdConflictPolicy?> _conflictPolicy = CliOptions.Choice("--id-conflict-policy", "policy",
        "fail | use-existing | terminate-existing: if the id is running (default fail; signal-with-start: use-existing)", ConflictPolicies);
    private readonly Option<TimeSpan?> _executionTimeout = CliOptions.Duration("--execution-timeout", "limit on the whole execution, retries and continue-as-new included");
    private readonly Option<TimeSpan?> _runTimeout = CliOptions.Duration("--run-timeout", "limit on a single run");
    private readonly Option<TimeSpan?> _taskTimeout = CliOptions.Duration("--task-timeout", "limit on a single workflow task");
    private readonly Option<TimeSpan?> _startDelay = CliOptions.Duration("--start-delay", "delay before the first workflow task");
    private readonly Option<string[]> _memo = CliOptions.Many("--memo", "key=json", "a memo field, its value a JSON value (repeat for more)");
    private readonly Option<string[]> _searchAttributes = CliOptions.Many("--search-attribute", "name=type:value",
        "a typed search attribute, e.g. CustomerId=keyword:alice (types: keyword, text, int, double, bool, datetime, keyword-list)");

    /// <summary>The operands of a start, in order: type, then id.</summary>
    public IReadOnlyList<Operand> Operands => [WorkflowType, WorkflowId];

    /// <summary>The options, in the order <c>--help</c> shows them.</summary>
    public IReadOnlyList<Option> Options =>
    [
        .. Inputs.Options, _taskQueue, _reusePolicy, _conflictPolicy, _executionTimeout, _runTimeout, _taskTimeout, _startDelay, _memo, _searchAttributes,
    ];

    /// <summary>The start the options describe (the namespace from the context), checked for usage errors.</summary>
    public StartWorkflow Read(VerbCall call) =>
        new(call[WorkflowType], call[WorkflowId], Inputs.Read(call.Parse))
        {
            Namespace = call.Context.Namespace,
            TaskQueue = call.Value(_taskQueue),
            IdReusePolicy = call.Value(_reusePolicy),
            IdConflictPolicy = call.Value(_conflictPolicy),
            ExecutionTimeout = call.Value(_executionTimeout),
            RunTimeout = call.Value(_runTimeout),
            TaskTimeout = call.Value(_taskTimeout),
            StartDelay = call.Value(_startDelay),
            Memo = JsonValues.NamedPayloads(_memo.Name, call.Value(_memo) ?? []),
            SearchAttributes = SearchAttributes(call.Value(_searchAttributes) ?? []),
        };

    /// <summary>Where the start goes: its task queue, or null with <c>--via</c> and none given (the node's default, unknown here).</summary>
    public static string? TaskQueue(StartWorkflow start, OperatorContext context) => start.TaskQueue ?? context.DefaultTaskQueue;

    /// <summary>The <c>--search-attribute</c> values, each <c>name=type:value</c>; null when none is given.</summary>
    public static IReadOnlyDictionary<string, SearchAttributeValue>? SearchAttributes(IReadOnlyList<string> values)
    {
        if (values.Count == 0) return null;
        var attributes = new Dictionary<string, SearchAttributeValue>(StringComparer.Ordinal);
        foreach (var text in values)
        {
            var eq = text.IndexOf('=');
            var colon = eq < 0 ? -1 : text.IndexOf(':', eq + 1);
            if (eq <= 0 || colon < 0)
                throw Usage(text, $"write {SearchAttributeSyntax}, e.g. --search-attribute CustomerId=keyword:alice");
            var name = text[..eq];
            var typeName = text[(eq + 1)..colon];
            var value = text[(colon + 1)..];
            if (!SearchAttributeTypes.TryGetValue(typeName, out var type))
                throw Usage(text, $"'{typeName}' is not a type; one of {string.Join(", ", SearchAttributeTypes.Keys)}");
            if (attributes.ContainsKey(name)) throw Usage(text, $"{name} is given more than once");
            attributes[name] = Parse(text, type, value);
        }
        return attributes;
    }

    private static SearchAttributeValue Parse(string text, IndexedValueType type, string value) => type switch
    {
        IndexedValueType.Keyword => SearchAttributeValue.Keyword(value),
        IndexedValueType.Text => SearchAttributeValue.Text(value),
        IndexedValueType.Int => long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n)
            ? SearchAttributeValue.Int(n)
            : throw Usage(text, $"'{value}' is not an integer"),
        IndexedValueType.Double => double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d)
            ? SearchAttributeValue.Double(d)
            : throw Usage(text, $"'{value}' is not a finite number, like 42.5"),
        IndexedValueType.Bool => value switch
        {
            "true" => SearchAttributeValue.Bool(true),
            "false" => SearchAttributeValue.Bool(false),
            _ => throw Usage(text, $"'{value}' is not true or false"),
        },
        IndexedValueType.Datetime => value.Length >= 20 && value[10] == 'T'
            && DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.None, out var t)
            && (value.EndsWith('Z') || value[^6] is '+' or '-')
            ? SearchAttributeValue.Datetime(t)
            : throw Usage(text, $"'{value}' is not an RFC 3339 date and time with a zone, like 2026-03-14T15:09:26Z"),
        _ => SearchAttributeValue.KeywordList(value.Length == 0 ? [] : value.Split(',')),
    };

    private static UsageException Usage(string text, string problem) => new($"--search-attribute {text}: {problem}");
}
