using Akka.Configuration;
using Hourglass.Configuration;
using Hourglass.Operations;
using Hourglass.Protocol;
using Hourglass.Tests.Serialization;
using Hourglass.Tests.Support;
using Xunit.Abstractions;

namespace Hourglass.Tests.Operations;

/// <summary>
/// Every field of every operation with every invalid value (<see cref="InvalidInputs"/>): each is
/// answered InvalidArgument naming the field, before any backend sees it, on the mock and on the
/// real backend alike.
/// </summary>
public sealed class GeneratedValidationTests(ITestOutputHelper output) : HourglassTestKit(output)
{
    public static TheoryData<string> Cases() => InvalidInputs.Names();

    [Fact]
    public void The_walk_covers_every_operation_with_many_cases()
    {
        var operations = InvalidInputs.All.Values.Select(c => c.Request.GetType()).Distinct().Count();
        Assert.Equal(OperationTable.All.Count, operations);
        Assert.True(InvalidInputs.All.Count >= 100, $"only {InvalidInputs.All.Count} cases");
    }

    [Fact]
    public void Every_sample_is_valid_to_begin_with()
    {
        var settings = HourglassSettings.Create(TestConfig());
        foreach (var sample in SampleMessages.Operations())
        {
            var row = OperationTable.All.Single(r => r.RequestType == sample.GetType());
            Assert.Null(row.Problem(sample, settings));
        }
    }

    [Fact]
    public void The_table_refuses_every_invalid_input_naming_the_field()
    {
        var settings = HourglassSettings.Create(TestConfig());
        foreach (var invalid in InvalidInputs.All.Values)
        {
            var problem = OperationTable.All.Single(r => r.RequestType == invalid.Request.GetType()).Problem(invalid.Request, settings);
            Assert.True(problem?.Contains(invalid.Field, StringComparison.Ordinal) == true, $"{invalid.Name}: {problem ?? "accepted"}");
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Invalid_input_is_refused_before_any_backend_naming_the_field(string name)
    {
        var invalid = InvalidInputs.All[name];
        var backend = CreateTestProbe();
        Hourglass.Tell(new UseBackend(BackendChoice.Of(backend)));
        ExpectMsg<BackendChanged>();

        Hourglass.Tell(invalid.Request);

        var failed = ExpectFailure(ErrorKind.InvalidArgument);
        Assert.True(failed.Error.Message.Contains(invalid.Field, StringComparison.Ordinal),
            $"{name}: the error does not name {invalid.Field}: {failed.Error.Message}");
        Assert.True(failed.Error.Message.Length < 2000, "the error echoes the whole value back");
        // Nothing reached the backend: the next thing it receives is the sentinel sent after.
        Hourglass.Tell(new DescribeWorkflow(WorkflowHandle.Latest("sentinel")));
        Assert.Equal("sentinel", backend.ExpectMsg<DescribeWorkflow>().Handle.WorkflowId);
    }

    [Fact]
    public void On_the_real_backend_every_invalid_input_is_InvalidArgument_not_a_network_error()
    {
        // Nothing listens at 127.0.0.1:1: a call that reached the network would answer Unreachable.
        var router = Sys.ActorOf(ClientBackendActor.Props(HourglassSettings.Create(
            ConfigurationFactory.ParseString("hourglass.client-backend = real").WithFallback(TestConfig()))));
        foreach (var invalid in InvalidInputs.All.Values.Where(c => c.SurvivesTheWire))
        {
            router.Tell(invalid.Request);
            var failed = ExpectMsg<OperationFailed>();
            Assert.True(failed.Error.Kind == ErrorKind.InvalidArgument, $"{invalid.Name}: {failed.Error}");
        }
        router.Tell(GetHourglassStats.Instance);
        Assert.Equal(0, ExpectMsg<HourglassStats>().ActiveQueries);
    }
}
