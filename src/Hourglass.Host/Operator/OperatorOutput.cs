using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Hourglass.Protocol;

namespace Hourglass.Host.Operator;

/// <summary>
/// Where a verb's output goes. In text mode: aligned lines on stdout, errors on stderr. With
/// <c>--json</c>: exactly one JSON document on stdout, for a success and for an error alike
/// (<c>{"error":{"kind":…,"message":…}}</c>), so the output can always be piped into <c>jq</c>.
/// </summary>
internal sealed class OperatorOutput(TextWriter stdout, TextWriter stderr, bool json)
{
    /// <summary>Exit code of a verb that did what it was asked.</summary>
    public const int Success = 0;

    /// <summary>Exit code when the operation failed (an <see cref="HourglassError"/>, or something unexpected).</summary>
    public const int OperationError = 1;

    /// <summary>Exit code for a wrong command line or configuration.</summary>
    public const int UsageError = 2;

    private static readonly JsonSerializerOptions Indented = new()
    {
        WriteIndented = true,
        // Plain characters as they are: this is for terminals and jq, not for embedding in HTML.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>True when the output is JSON.</summary>
    public bool Json => json;

    /// <summary>Writes the JSON document of a success.</summary>
    public Task JsonAsync(JsonNode document) => stdout.WriteLineAsync(document.ToJsonString(Indented));

    /// <summary>One JSON document on one line (a stream of them: JSON lines).</summary>
    public Task JsonLineAsync(JsonNode document) => stdout.WriteLineAsync(document.ToJsonString());

    /// <summary>Writes one line of text.</summary>
    public Task LineAsync(string line = "") => stdout.WriteLineAsync(line);

    /// <summary>
    /// Writes label/value pairs with the values in one column. A value spanning several lines has
    /// its following lines indented to that column.
    /// </summary>
    public Task FieldsAsync(IEnumerable<(string Label, string Value)> fields) => WriteFieldsAsync(stdout, fields);

    /// <summary>Reports a failed operation; returns <see cref="OperationError"/>.</summary>
    public async Task<int> OperationFailedAsync(HourglassError error)
    {
        if (json)
        {
            var body = new JsonObject
            {
                ["kind"] = error.Kind.ToString(),
                ["message"] = error.Message,
            };
            if (error.Detail is not null) body["detail"] = error.Detail;
            if (error.GrpcCode is not null) body["grpcCode"] = error.GrpcCode;
            if (error.ExistingRunId is not null) body["existingRunId"] = error.ExistingRunId;
            if (error.LastStatus is not null) body["lastStatus"] = Render.StatusJson(error.LastStatus);
            if (error.WorkflowState is { } workflowState) body["workflowState"] = workflowState.ToString();
            if (error.Failure is not null) body["failure"] = Render.ProtoJson(error.Failure);
            await JsonAsync(new JsonObject { ["error"] = body });
            return OperationError;
        }

        await stderr.WriteLineAsync($"hourglass: operation failed: {error.Kind}: {error.Message}");
        var fields = new List<(string, string)>();
        if (error.Detail is not null && !error.Message.Contains(error.Detail, StringComparison.Ordinal)) fields.Add(("detail", error.Detail));
        if (error.ExistingRunId is not null) fields.Add(("running run id", error.ExistingRunId));
        if (error.WorkflowState is { } state) fields.Add(("workflow state", state.ToString()));
        if (error.Failure is not null) fields.Add(("failure", Render.FailureText(error.Failure)));
        await WriteFieldsAsync(stderr, fields);
        if (error.LastStatus is not null)
        {
            await stderr.WriteLineAsync("  last status seen:");
            await WriteFieldsAsync(stderr, Render.StatusFields(error.LastStatus), indent: 4);
        }
        return OperationError;
    }

    /// <summary>Reports a wrong command line; returns <see cref="UsageError"/>.</summary>
    public async Task<int> UsageFailedAsync(string message, string? verb = null)
    {
        if (json)
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
        if (json) await JsonAsync(Error("Configuration", message));
        else await stderr.WriteLineAsync($"hourglass: configuration error: {message}");
        return UsageError;
    }

    /// <summary>Reports an exception nobody expected; returns <see cref="OperationError"/>.</summary>
    public async Task<int> UnexpectedAsync(Exception e)
    {
        var message = $"{e.GetType().Name}: {e.Message}";
        if (json) await JsonAsync(Error("Unexpected", message));
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
