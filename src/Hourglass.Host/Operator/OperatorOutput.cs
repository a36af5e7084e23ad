using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Hourglass.Host.Cli;
using Hourglass.Protocol;

namespace Hourglass.Host.Operator;

/// <summary>
/// Where a verb's output goes. In text mode: aligned lines on stdout, errors (and an await's
/// progress) on stderr. With <c>-o json</c> (<c>--json</c>): exactly one JSON document on stdout,
/// for a success and for an error alike (<c>{"error":{"kind":…,"message":…}}</c>), so the output can
/// always be piped into <c>jq</c>; with <c>-o jsonl</c> the same documents each on one line, and
/// lists one item per line.
/// </summary>
internal sealed class OperatorOutput(TextWriter stdout, TextWriter stderr, OutputFormat format)
{
    /// <summary>Exit code of a verb that did what it was asked.</summary>
    public const int Success = 0;

    /// <summary>Exit code when the operation failed (an <see cref="HourglassError"/>, or something unexpected).</summary>
    public const int OperationError = 1;

    /// <summary>Exit code for anything refused before a call: a wrong command line or configuration, or input Hourglass refused.</summary>
    public const int UsageError = 2;

    /// <summary>Exit code when Ctrl+C (SIGINT) or SIGTERM interrupted the verb: 128 + SIGINT, as shells report it.</summary>
    public const int Interrupted = 130;

    private static readonly JsonSerializerOptions Indented = new()
    {
        WriteIndented = true,
        // Plain characters as they are: this is for terminals and jq, not for embedding in HTML.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private static readonly JsonSerializerOptions OneLine = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>True when the output is JSON (<c>-o json</c> or <c>-o jsonl</c>).</summary>
    public bool Json => format != OutputFormat.Text;

    /// <summary>The output format.</summary>
    public OutputFormat Format => format;

    /// <summary>True with <c>--verbose</c>: errors show the client's own text too.</summary>
    public bool Verbose { get; init; }

    /// <summary>Writes the JSON document of a success (on one line with <c>-o jsonl</c>).</summary>
    public Task JsonAsync(JsonNode document) =>
        stdout.WriteLineAsync(document.ToJsonString(format == OutputFormat.JsonLines ? OneLine : Indented));

    /// <summary>A list: one JSON array with <c>-o json</c>, one line per item with <c>-o jsonl</c>.</summary>
    public async Task JsonItemsAsync(IEnumerable<JsonNode?> items)
    {
        if (format != OutputFormat.JsonLines)
        {
            await JsonAsync(new JsonArray(items.ToArray()));
            return;
        }
        foreach (var item in items) await JsonLineAsync(item ?? JsonValue.Create((string?)null)!);
    }

    /// <summary>A line of progress on stderr, for people only: nothing in JSON output.</summary>
    public async Task ProgressAsync(string line)
    {
        if (Json) return;
        await stderr.WriteLineAsync(line);
        await stderr.FlushAsync();
    }

    /// <summary>One JSON document on one line (a stream of them: JSON lines).</summary>
    public Task JsonLineAsync(JsonNode document) => stdout.WriteLineAsync(document.ToJsonString(OneLine));

    /// <summary>Writes one line of text.</summary>
    public Task LineAsync(string line = "") => stdout.WriteLineAsync(line);

    /// <summary>
    /// Writes label/value pairs with the values in one column. A value spanning several lines has
    /// its following lines indented to that column.
    /// </summary>
    public Task FieldsAsync(IEnumerable<(string Label, string Value)> fields) => WriteFieldsAsync(stdout, fields);

    /// <summary>
    /// Reports a failed operation; returns its exit code: <see cref="UsageError"/> for input Hourglass
    /// refused before any call (InvalidArgument without a gRPC code), else <see cref="OperationError"/>.
    /// <paramref name="plain"/>, when given, says the failure in plain words in place of the
    /// message; the error's own message and detail (a client's text) then show only with
    /// <c>--verbose</c>, and in JSON as <c>detail</c>.
    /// </summary>
    public async Task<int> OperationFailedAsync(HourglassError error, string? plain = null)
    {
        var code = RefusedBeforeAnyCall(error) ? UsageError : OperationError;
        var message = plain ?? error.Message;
        var detail = plain is null ? error.Detail : error.Detail is null ? error.Message : $"{error.Message} ({error.Detail})";
        if (Json)
        {
            var body = new JsonObject
            {
                ["kind"] = error.Kind.ToString(),
                ["message"] = message,
            };
            if (detail is not null) body["detail"] = detail;
            if (error.GrpcCode is not null) body["grpcCode"] = error.GrpcCode;
            if (error.ExistingRunId is not null) body["existingRunId"] = error.ExistingRunId;
            if (error.LastStatus is not null) body["lastStatus"] = Render.StatusJson(error.LastStatus);
            if (error.WorkflowState is { } workflowState) body["workflowState"] = workflowState.ToString();
            if (error.Failure is not null) body["failure"] = Render.ProtoJson(error.Failure);
            await JsonAsync(new JsonObject { ["error"] = body });
            return code;
        }

        var headline = code == UsageError ? "refused before any call" : "operation failed";
        await stderr.WriteLineAsync($"hourglass: {headline}: {error.Kind}: {message}");
        var fields = new List<(string, string)>();
        if (detail is not null && (plain is null || Verbose) && !message.Contains(detail, StringComparison.Ordinal)) fields.Add(("detail", detail));
        if (error.ExistingRunId is not null) fields.Add(("running run id", error.ExistingRunId));
        if (error.WorkflowState is { } state) fields.Add(("workflow state", state.ToString()));
        if (error.Failure is not null) fields.Add(("failure", Render.FailureText(error.Failure)));
        await WriteFieldsAsync(stderr, fields);
        if (error.LastStatus is not null)
        {
            await stderr.WriteLineAsync("  last status seen:");
            await WriteFieldsAsync(stderr, Render.StatusFields(error.LastStatus), indent: 4);
        }
        return code;
    }

    /// <summary>
    /// True for input Hourglass refused before any call: InvalidArgument from the router's
    /// validation, which carries no gRPC code (a server's INVALID_ARGUMENT does).
    /// </summary>
    public static bool RefusedBeforeAnyCall(HourglassError error) => error.Kind == ErrorKind.InvalidArgument && error.GrpcCode is null;

    /// <summary>Reports a verb interrupted by Ctrl+C or SIGTERM (kind Canceled); returns <see cref="Interrupted"/>.</summary>
    public async Task<int> InterruptedAsync(string message)
    {
        if (Json) await JsonAsync(Error(nameof(ErrorKind.Canceled), message));
        else await stderr.WriteLineAsync($"hourglass: canceled: {message}");
        return Interrupted;
    }

    /// <summary>Reports a wrong command line; returns <see cref="UsageError"/>.</summary>
    public async Task<int> UsageFailedAsync(string message, string? verb = null)
    {
        if (Json)
        {
            await JsonAsync(Error("Usage", message));
            return UsageError;
        }
        var help = verb is null ? "see --help" : $"see hourglass help {verb}";
        await stderr.WriteLineAsync($"hourglass: usage error: {message} ({help})");
        return UsageError;
    }

    /// <summary>Reports a configuration Hourglass refused (an unreadable TLS file, a malformed namespace); returns <see cref="UsageError"/>.</summary>
    public async Task<int> ConfigurationFailedAsync(string message)
    {
        if (Json) await JsonAsync(Error("Configuration", message));
        else await stderr.WriteLineAsync($"hourglass: configuration error: {message}");
        return UsageError;
    }

    /// <summary>Reports an exception nobody expected; returns <see cref="OperationError"/>.</summary>
    public async Task<int> UnexpectedAsync(Exception e)
    {
        var message = $"{e.GetType().Name}: {e.Message}";
        if (Json) await JsonAsync(Error("Unexpected", message));
        else await stderr.WriteLineAsync($"hourglass: unexpected error: {message}");
        return OperationError;
    }

    private static JsonObject Error(string kind, string message) =>
        new() { ["error"] = new JsonObject { ["kind"] = kind, ["message"] = message } };

    private static async Task WriteFieldsAsync(TextWriter writer, IEnumerable<(string Label, string Value)> fields, int indent = 2)
    {
        var rows = fields.ToList();
        if (rows.Count == 0) return;
        var width = rows.Max(r => r.Label.Length) + 2;
        var margin = new string(' ', indent);
        var continuation = writer.NewLine + new string(' ', indent + width);
        foreach (var (label, value) in rows)
        {
            var line = $"{margin}{label.PadRight(width)}{value.ReplaceLineEndings(continuation)}";
            await writer.WriteLineAsync(line.TrimEnd());
        }
    }
}
