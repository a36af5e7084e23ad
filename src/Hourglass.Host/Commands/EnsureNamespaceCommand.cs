using System.Text.Json.Nodes;
using Hourglass.Host.Cli;
using Hourglass.Host.Operator;

namespace Hourglass.Host.Commands;

/// <summary><c>ensure-namespace &lt;name&gt;</c>: registers the namespace unless it is there already.</summary>
internal sealed class EnsureNamespaceCommand : OperatorCommand
{
    /// <inheritdoc />
    public override Type OperationType => typeof(Protocol.EnsureNamespace);

    /// <inheritdoc />
    public override string Name => "ensure-namespace";

    /// <inheritdoc />
    public override IReadOnlyList<string> Arguments => ["name"];

    /// <inheritdoc />
    public override string Summary => "Make sure a namespace exists: register it unless it is there already.";

    /// <inheritdoc />
    public override IReadOnlyList<OptionSpec> Options =>
    [
        new("retention", "<duration>", "history retention when it is registered (default 72h)"),
    ];

    /// <inheritdoc />
    public override async Task RunAsync(ParsedArgs args, OperatorContext context, OperatorOutput output)
    {
        var name = args.Positional[0];
        var retention = Durations.Optional(args, "retention");
        var hourglass = await context.HourglassAsync();
        var created = await hourglass.EnsureNamespaceAsync(name, retention, context.AskTimeout);
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
