using Hourglass.Protocol;

namespace Hourglass.Backends.Mock;

/// <summary>Reply to a script line or a reset: it is in force for the sender's next calls.</summary>
/// <param name="Description">What was set, for test output.</param>
public sealed record MockScriptAccepted(string Description) : IHourglassReply;
