using System.Text.Json;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;

namespace Hourglass.Protocol;

/// <summary>
/// One group of a <see cref="WorkflowsCounted"/>: the values of the GROUP BY fields, as the
/// server sends them (search attribute payloads), and how many executions have them.
/// </summary>
/// <param name="GroupValues">The group's values, one per GROUP BY field (a Keyword payload holding <c>"Running"</c>, say).</param>
/// <param name="Count">How many executions are in the group.</param>
public sealed record WorkflowCountGroup(IReadOnlyList<Payload> GroupValues, long Count)
{
    /// <summary>
    /// The values as text: a JSON string's content (<c>Running</c>), any other JSON value as its
    /// JSON, a payload that is not JSON as <c>null</c>.
    /// </summary>
    public IReadOnlyList<string?> Values => GroupValues?.Select(Text).ToArray() ?? [];

    /// <summary>
    /// The execution status the group stands for when it is grouped by ExecutionStatus (its only
    /// value names a status, <c>Running</c> or <c>WORKFLOW_EXECUTION_STATUS_RUNNING</c>); otherwise null.
    /// </summary>
    public WorkflowExecutionStatus? Status =>
        Values is [{ } name] && Enum.TryParse<WorkflowExecutionStatus>(Normalize(name), ignoreCase: false, out var status)
        && Enum.IsDefined(status)
            ? status
            : null;

    private static string? Text(Payload? payload)
    {
        if (payload is null) return null;
        try
        {
            using var json = JsonDocument.Parse(payload.Data.Memory);
            return json.RootElement.ValueKind == JsonValueKind.String ? json.RootElement.GetString() : json.RootElement.GetRawText();
        }
        catch (JsonException)
        {
            return null;
        }
    }

    // WORKFLOW_EXECUTION_STATUS_CONTINUED_AS_NEW -> ContinuedAsNew; names already in PascalCase stay.
    private static string Normalize(string name)
    {
        const string prefix = "WORKFLOW_EXECUTION_STATUS_";
        if (!name.StartsWith(prefix, StringComparison.Ordinal)) return name.All(char.IsAsciiLetter) ? name : "";
        return string.Concat(name[prefix.Length..].Split('_').Select(w => w.Length == 0 ? "" : w[0] + w[1..].ToLowerInvariant()));
    }
}
