using Hourglass.Protocol;

namespace Hourglass.Backends.Mock;

/// <summary>Reply to an <see cref="MockControl"/>: the run it acted on (for continue-as-new, the new run).</summary>
/// <param name="Handle">The run, with its run id.</param>
public sealed record MockWorkflowUpdated(WorkflowHandle Handle) : IHourglassReply;
