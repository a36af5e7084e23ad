using System.Globalization;
using Hourglass.Host.Cli;
using Hourglass.Host.Operator;
using Hourglass.Protocol;
using Temporalio.Api.Enums.V1;

namespace Hourglass.Host.Commands;

/// <summary>
/// The options of a workflow start, shared by <c>start</c> and <c>signal-with-start</c>: their specs
/// for <c>--help</c> and the parser, and the <see cref="StartWorkflow"/> they make.
/// </summary>
internal static class StartOptions
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

    /// <summary>The options, in the order <c>--help</c> shows them.</summary>
    public static IReadOnlyList<OptionSpec> Specs { get; } =
    [
        new("arg", "<json>", "a workflow argument as a JSON value: 42, '\"text\"', '{\"a\":1}' (repeat for more)", Repeatable: true),
        new("task-queue", "<queue>", "task queue (default: hourglass.default-task-queue, \"default\")"),
        new("id-reuse-policy", "<policy>", "allow | allow-failed-only | reject: may a closed run's id be used again"),
        new("id-conflict-policy", "<policy>",
            "fail | use-existing | terminate-existing: if the id is running (default fail; signal-with-start: use-existing)"),
        new("execution-timeout", "<duration>", "limit on the whole execution, retries and continue-as-new included"),
        new("run-timeout", "<duration>", "limit on a single run"),
        new("task-timeout", "<duration>", "limit on a single workflow task"),
        new("start-delay", "<duration>", "delay before the first workflow task"),
        new("memo", "<key>=<json>", "a memo field, its value a JSON value (repeat for more)", Repeatable: true),
        new("search-attribute", SearchAttributeSyntax,
            "a typed search attribute, e.g. CustomerId=keyword:alice (types: keyword, text, int, double, bool, datetime, keyword-list)",
            Repeatable: true),
    ];

    /// <summary>The start the options describe (the namespace from the context), checked for usage errors.</summary>
    public static StartWorkflow Read(ParsedArgs args, OperatorContext context, string workflowType, string workflowId) =>
        new(workflowType, workflowId, JsonValues.Payloads(args, "arg"))
        {
            Namespace = context.Namespace,
            TaskQueue = args.Option("task-queue"),
            IdReusePolicy = Choice(args, "id-reuse-policy", ReusePolicies),
            IdConflictPolicy = Choice(args, "id-conflict-policy", ConflictPolicies),
            ExecutionTimeout = Durations.Optional(args, "execution-timeout"),
            RunTimeout = Durations.Optional(args, "run-timeout"),
            TaskTimeout = Durations.Optional(args, "task-timeout"),
            StartDelay = Durations.Optional(args, "start-delay"),
            Memo = JsonValues.NamedPayloads(args, "memo"),
            SearchAttributes = SearchAttributes(args),
        };

    /// <summary>Where the start goes: its task queue, or null with <c>--via</c> and none given (the node's default, unknown here).</summary>
    public static string? TaskQueue(StartWorkflow start, OperatorContext context) => start.TaskQueue ?? context.DefaultTaskQueue;

    /// <summary>The <c>--search-attribute</c> values, each <c>name=type:value</c>; null when none is given.</summary>
    public static IReadOnlyDictionary<string, SearchAttributeValue>? SearchAttributes(ParsedArgs args)
    {
        var values = args.Options("search-attribute");
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

    private static T? Choice<T>(ParsedArgs args, string option, Dictionary<string, T> allowed) where T : struct =>
        args.Option(option) is not { } text ? null
        : allowed.TryGetValue(text, out var value) ? value
        : throw new UsageException($"--{option} {text} is not one of {string.Join(", ", allowed.Keys)}");

    private static UsageException Usage(string text, string problem) => new($"--search-attribute {text}: {problem}");
}
