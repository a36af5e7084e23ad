namespace Hourglass.Protocol;

/// <summary>
/// One of the Temporal operations a backend serves: the six of the contract
/// (<see cref="StartWorkflow"/>, <see cref="DescribeWorkflow"/>, <see cref="FetchHistory"/>,
/// <see cref="SignalWorkflow"/>, <see cref="CancelWorkflow"/>, <see cref="EnsureNamespace"/>) and
/// the two built on them (<see cref="GetWorkflowStatus"/>, <see cref="AwaitWorkflow"/>).
/// </summary>
public interface IHourglassOperation : IHourglassRequest;
