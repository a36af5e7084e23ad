using System.CommandLine;
using System.Text.Json.Nodes;
using Hourglass.Host.Cli;
using Hourglass.Host.Operator;

namespace Hourglass.Host.Commands;

/// <summary>
/// <c>ensure-namespace &lt;name&gt;</c>: registers the namespace unless it is there already. The name
/// may also be given with <c>-n</c> / <c>--namespace</c>, as <c>temporal operator namespace create -n</c> takes it.
/// </summary>
internal sealed class EnsureNamespaceCommand : OperatorCommand
{
    private Operand _name = new("name", "the namespace to ensure");
    private readonly Option<TimeSpan?> _retention = CliOptions.Duration("--retention", "history retention when it is registered (default 72h)");

    /// <inheritdoc />
    public override Type OperationType => typeof(Protocol.EnsureNamespace);

    /// <inheritdoc />
    public override string Name => "ensure-namespace";

    /// <inheritdoc />
    public override IReadOnlyList<Operand> Operands => [_name];

    /// <inheritdoc />
    public override void Attach(OperatorOptions common) =>
        _name = new Operand("name", "the namespace to ensure (or -n)", common.Temporal.Namespace);

    /// <inheritdoc />
    public override string Summary => "Make sure a namespace exists: register it unless it is there already.";

    /// <inheritdoc />
    public override IReadOnlyList<Option> Options => [_retention];

    /// <inheritdoc />
    public override async Task RunAsync(VerbCall call)
    {
        var context = call.Context;
        var output = call.Output;
        var name = call[_name];
        var retention = call.Value(_retention);
        var hourglass = await context.HourglassAsync();
        var created = await hourglass.EnsureNamespaceAsync(name, retention, context.AskTimeout, call.Cancel);
        if (output.Json)
        {
            await output.JsonAsync(new JsonObject { ["namespace"] = name, ["created"] = created });
            return;
        }
        var kept = retention ?? context.NamespaceRetention;
        await output.LineAsync(!created ? $"Namespace {name} already there"
            : kept is { } days ? $"Namespace {name} created (retention {Durations.Format(days)})"
            : $"Namespace {name} created (the node's default retention)");
    }
}
