using Hourglass.Protocol;

namespace Hourglass.Backends.Mock;

/// <summary>Plays the server's timer: the workflow times out.</summary>
/// <param name="Handle">The run; an empty run id means the latest.</param>
public sealed record TimeOutWorkflow(WorkflowHandle Handle) : IMockControl;
