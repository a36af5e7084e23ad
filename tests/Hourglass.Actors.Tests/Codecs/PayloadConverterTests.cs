using Akka.Actor;
using Akka.Configuration;
using Hourglass.Backends.Mock;
using Hourglass.Protocol;
using Hourglass.Tests.Support;
using Temporalio.Api.Enums.V1;
using Temporalio.Converters;
using Xunit.Abstractions;

namespace Hourglass.Tests.Codecs;

/// <summary>A custom payload converter, given explicitly: no process-wide state is touched.</summary>
public sealed class PayloadConverterTests
{
    public sealed record Order(int OrderId, string Currency);

    private static readonly CamelCaseConverter Camel = new();

    [Fact]
    public void From_and_ToValue_use_the_converter_given()
    {
        var camel = HourglassPayload.From(new Order(7, "eur"), Camel);
        var standard = HourglassPayload.From(new Order(7, "eur"), DataConverter.Default.PayloadConverter);

        Assert.Equal("""{"orderId":7,"currency":"eur"}""", camel.Data.ToStringUtf8());
        Assert.Equal("""{"OrderId":7,"Currency":"eur"}""", standard.Data.ToStringUtf8());
        Assert.Equal(new Order(7, "eur"), camel.ToValue<Order>(Camel));
        Assert.Equal(["orderId", "currency"], HourglassPayload.FromValues(Camel, new Order(1, "x"), 2)[0].Data.ToStringUtf8()
            .Trim('{', '}').Split(',').Select(p => p.Split(':')[0].Trim('"')));
    }

    [Fact]
    public void ResultAs_decodes_with_the_converter_given()
    {
        var closed = new WorkflowClosed(new WorkflowHandle("default", "w", "r"),
            new WorkflowStatus(new WorkflowHandle("default", "w", "r"), WorkflowState.Completed, "OrderWorkflow", null, null, [], null),
            HourglassPayload.From(new Order(3, "usd"), Camel));

        Assert.Equal(new Order(3, "usd"), closed.ResultAs<Order>(Camel));
    }
}

/// <summary>Tests that change <see cref="HourglassPayload.DefaultConverter"/> run alone, after everything else.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessWideConverter
{
    public const string Name = "process-wide payload converter";
}

/// <summary>A converter named in HOCON becomes the process-wide default when Hourglass starts.</summary>
[Collection(ProcessWideConverter.Name)]
public sealed class ConfiguredConverterTests(ITestOutputHelper output) : IDisposable
{
    public sealed record Order(int OrderId, string Currency);

    private readonly IPayloadConverter _before = HourglassPayload.DefaultConverter;

    public void Dispose() => HourglassPayload.DefaultConverter = _before;

    [Fact]
    public void StartHourglass_installs_the_configured_converter_for_the_value_constructors_and_ResultAs()
    {
        using var system = ActorSystem.Create("configured-converter", ConfigurationFactory.ParseString(
            $"hourglass.payload.converter = \"{typeof(CamelCaseConverter).AssemblyQualifiedName}\"").WithFallback(HourglassTestKit.TestConfig()));
        var probe = new Akka.TestKit.Xunit2.TestKit(system, output);
        var hourglass = system.StartHourglass();

        Assert.IsType<CamelCaseConverter>(HourglassPayload.DefaultConverter);
        var start = new StartWorkflow("OrderWorkflow", "camel-1", new Order(5, "eur"));
        Assert.Equal("""{"orderId":5,"currency":"eur"}""", start.Args[0].Data.ToStringUtf8());

        hourglass.Tell(start, probe.TestActor);
        var handle = probe.ExpectMsg<WorkflowStarted>().Handle;
        hourglass.Tell(new CompleteWorkflow(handle, (object?)new Order(6, "usd")), probe.TestActor);
        probe.ExpectMsg<MockWorkflowUpdated>();
        hourglass.Tell(new AwaitWorkflow(handle, TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(20)), probe.TestActor);
        var closed = probe.ExpectMsg<WorkflowClosed>();

        Assert.Equal("""{"orderId":6,"currency":"usd"}""", closed.Result!.Data.ToStringUtf8());
        Assert.Equal(new Order(6, "usd"), closed.ResultAs<Order>());
        hourglass.Tell(new FetchHistory(handle), probe.TestActor);
        var input = probe.ExpectMsg<HistoryFetched>().History.Events
            .Single(e => e.EventType == EventType.WorkflowExecutionStarted).WorkflowExecutionStartedEventAttributes.Input.Payloads_[0];
        Assert.Equal(new Order(5, "eur"), input.ToValue<Order>());
    }

    [Fact]
    public void A_configuration_that_names_no_converter_leaves_the_default_alone()
    {
        HourglassPayload.DefaultConverter = new CamelCaseConverter();
        using var system = ActorSystem.Create("no-converter", HourglassTestKit.TestConfig());

        system.StartHourglass();

        Assert.IsType<CamelCaseConverter>(HourglassPayload.DefaultConverter);
    }
}
