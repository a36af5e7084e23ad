using Hourglass.Protocol;

namespace Hourglass.Backends.Mock;

/// <summary>Plays an operator: the workflow is terminated.</summary>
/// <param name="Handle">The run; an empty run id means the latest.</param>
/// <param name="Reason">Recorded in the terminated event.</param>
public sealed record TerminateWorkflow(WorkflowHandle Handle, string Reason = "") : IMockControl;
