using Akka.Actor;
using Akka.Configuration;
using Akka.Hosting;
using Hourglass.Codecs;
using Hourglass.Configuration;
using Hourglass.Hosting;
using Hourglass.Protocol;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Temporalio.Api.Common.V1;
using Temporalio.Converters;

namespace Hourglass.Tests.Codecs;

/// <summary>hourglass.payload: types named in HOCON, instances through Akka.Hosting, mistakes named by key.</summary>
public sealed class PayloadSettingsTests
{
    private static readonly string Codec = typeof(AesGcmTestCodec).AssemblyQualifiedName!;

    private static HourglassSettings Read(string hocon) => HourglassSettings.Create(ConfigurationFactory.ParseString(hocon));

    [Fact]
    public void Without_payload_keys_the_data_converter_is_Temporals_default_with_no_codec()
    {
        var settings = Read("");

        Assert.Same(DataConverter.Default, settings.DataConverter);
        Assert.Null(settings.DataConverter.PayloadCodec);
    }

    [Fact]
    public void The_named_types_are_made_with_their_parameterless_constructors()
    {
        var settings = Read($"hourglass.payload {{ codec = \"{Codec}\", converter = \"{typeof(CamelCaseConverter).AssemblyQualifiedName}\" }}");

        Assert.IsType<AesGcmTestCodec>(settings.DataConverter.PayloadCodec);
        Assert.IsType<CamelCaseConverter>(settings.DataConverter.PayloadConverter);
        Assert.Same(DataConverter.Default.FailureConverter, settings.DataConverter.FailureConverter);
    }

    [Fact]
    public void A_codec_endpoint_makes_a_codec_server_codec_for_the_default_namespace()
    {
        var settings = Read("hourglass { default-namespace = payments, payload.codec-endpoint = \"http://127.0.0.1:8081/{namespace}\", payload.codec-auth = \"Bearer s3cret\" }");

        var codec = Assert.IsType<CodecServerPayloadCodec>(settings.DataConverter.PayloadCodec);
        Assert.Equal("payments", codec.Namespace);
        Assert.DoesNotContain("s3cret", codec.ToString());
        Assert.DoesNotContain("s3cret", settings.ToString());
    }

    [Theory]
    [InlineData("hourglass.payload.codec = \"No.Such.Codec, No.Such.Assembly\"", "hourglass.payload.codec", "names no type that can be loaded")]
    [InlineData("hourglass.payload.codec = \"Hourglass.Tests.Codecs.NoSuchCodec, Hourglass.Actors.Tests\"", "hourglass.payload.codec", "names no type that can be loaded")]
    [InlineData("hourglass.payload.codec = \"System.String\"", "hourglass.payload.codec", "is not an Temporalio.Converters.IPayloadCodec")]
    [InlineData("hourglass.payload.converter = \"Hourglass.Tests.Codecs.AesGcmTestCodec, Hourglass.Actors.Tests\"", "hourglass.payload.converter", "is not an Temporalio.Converters.IPayloadConverter")]
    [InlineData("hourglass.payload.codec = \"Hourglass.Tests.Codecs.KeyedCodec, Hourglass.Actors.Tests\"", "hourglass.payload.codec", "needs a public parameterless constructor")]
    [InlineData("hourglass.payload.codec = \"Hourglass.Tests.Codecs.FailingCodec, Hourglass.Actors.Tests\"", "hourglass.payload.codec", "failed in its constructor: no key in the vault")]
    [InlineData("hourglass.payload.codec-endpoint = \"ftp://codec\"", "hourglass.payload.codec-endpoint", "not an absolute http:// or https:// address")]
    [InlineData("hourglass.payload.codec-auth = \"Bearer x\"", "hourglass.payload.codec-auth", "is set without hourglass.payload.codec-endpoint")]
    [InlineData("hourglass.payload.codec-timeout = 0s", "hourglass.payload.codec-timeout", "positive")]
    public void A_payload_mistake_throws_naming_the_key(string hocon, string key, string says)
    {
        var e = Assert.Throws<ConfigurationException>(() => Read(hocon));

        Assert.Contains(key, e.Message);
        Assert.Contains(says, e.Message);
    }

    [Fact]
    public void A_codec_type_and_a_codec_endpoint_together_are_refused()
    {
        var e = Assert.Throws<ConfigurationException>(() =>
            Read($"hourglass.payload {{ codec = \"{Codec}\", codec-endpoint = \"http://127.0.0.1:8081\" }}"));

        Assert.Contains("hourglass.payload.codec-endpoint cannot go with hourglass.payload.codec", e.Message);
    }

    [Fact]
    public void A_start_with_a_type_that_cannot_be_made_fails_naming_the_key()
    {
        using var system = ActorSystem.Create("payload-start", ConfigurationFactory.ParseString(
            "hourglass.payload.codec = \"Hourglass.Tests.Codecs.KeyedCodec, Hourglass.Actors.Tests\"\nakka.loglevel = OFF"));

        var e = Assert.Throws<ConfigurationException>(() => system.StartHourglass());
        Assert.Contains("hourglass.payload.codec", e.Message);
    }

    [Fact]
    public void Hosting_options_instances_win_over_the_configured_types()
    {
        var codec = new AesGcmTestCodec();
        var converter = new CamelCaseConverter();
        var options = new HourglassOptions { PayloadCodec = codec, PayloadConverter = converter };
        var configured = Read("hourglass.payload.codec-endpoint = \"http://127.0.0.1:8081\"");

        var settings = options.WithInstances(configured);

        Assert.Same(codec, settings.DataConverter.PayloadCodec);
        Assert.Same(converter, settings.DataConverter.PayloadConverter);
        Assert.Same(configured, new HourglassOptions().WithInstances(configured));
        Assert.Equal(string.Empty, options.ToHocon());
    }

    [Fact]
    public void WithHourglass_renders_no_HOCON_for_instances_and_keeps_the_configured_keys()
    {
        var builder = new AkkaConfigurationBuilder(new ServiceCollection(), "payload-hosting");
        builder.AddHocon($"hourglass.payload.converter = \"{typeof(CamelCaseConverter).AssemblyQualifiedName}\"", HoconAddMode.Prepend);
        builder.WithHourglass(o => o.PayloadCodec = new AesGcmTestCodec());

        var settings = HourglassSettings.Create(builder.Configuration.Value);

        Assert.IsType<CamelCaseConverter>(settings.DataConverter.PayloadConverter);
        Assert.Null(settings.DataConverter.PayloadCodec);
    }

    [Fact]
    public async Task A_codec_instance_given_to_WithHourglass_encodes_and_decodes_for_the_hosted_app()
    {
        var codec = new CountingCodec(new AesGcmTestCodec());
        var story = new TaskCompletionSource<WorkflowClosed>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var host = Microsoft.Extensions.Hosting.Host.CreateDefaultBuilder()
            .ConfigureServices(services =>
            {
                services.AddSingleton(story);
                services.AddAkka("payload-hosted", builder => builder
                    .AddHocon("akka.loglevel = WARNING", HoconAddMode.Prepend)
                    .WithHourglass(o =>
                    {
                        o.ClientBackend = BackendKind.Mock;
                        o.PayloadCodec = codec;
                    }));
                services.AddHostedService<ShippingService>();
            })
            .Build();

        await host.StartAsync();
        try
        {
            var closed = await story.Task.WaitAsync(TimeSpan.FromSeconds(20));
            Assert.Equal("shipped", closed.ResultAs<string>());
            Assert.True(codec.Encoded >= 2, $"encoded {codec.Encoded} payloads"); // the input and the result
            Assert.True(codec.Decoded >= 1, $"decoded {codec.Decoded} payloads");
        }
        finally
        {
            await host.StopAsync();
        }
    }

    [Fact]
    public void A_codec_that_fails_to_encode_fails_the_operation_before_anything_is_sent()
    {
        var engine = new Backends.Mock.InMemoryTemporal(["default"]);
        var settings = Read("hourglass.client-backend = mock") with { DataConverter = DataConverter.Default with { PayloadCodec = new BrokenCodec() } };
        using var system = ActorSystem.Create("broken-codec", Support.HourglassTestKit.TestConfig());
        var probe = new Akka.TestKit.Xunit2.TestKit(system);
        var router = system.ActorOf(ClientBackendActor.Props(settings, mockBackend: Backends.Mock.MockBackendActor.Props(settings, engine)));

        router.Tell(new StartWorkflow("OrderWorkflow", "never-sent", 1) { TaskQueue = "q" }, probe.TestActor);

        var failed = probe.ExpectMsg<OperationFailed>();
        Assert.Equal(ErrorKind.BackendFailed, failed.Error.Kind);
        Assert.Contains("failed to encode the StartWorkflowExecution request, which was not sent", failed.Error.Message);
        Assert.Contains("the HSM is unplugged", failed.Error.Detail);
        var e = Assert.Throws<Temporalio.Exceptions.RpcException>(() => engine.DescribeWorkflowExecution(
            new() { Namespace = "default", Execution = new() { WorkflowId = "never-sent" } }));
        Assert.Equal(Temporalio.Exceptions.RpcException.StatusCode.NotFound, e.Code);
    }

    [Fact]
    public void A_payload_the_codec_cannot_decode_fails_the_answer_saying_Temporal_did_answer()
    {
        var engine = new Backends.Mock.InMemoryTemporal(["default"]);
        var settings = Read("hourglass.client-backend = mock") with { DataConverter = DataConverter.Default with { PayloadCodec = new AesGcmTestCodec() } };
        using var system = ActorSystem.Create("undecodable", Support.HourglassTestKit.TestConfig());
        var probe = new Akka.TestKit.Xunit2.TestKit(system);
        var router = system.ActorOf(ClientBackendActor.Props(settings, mockBackend: Backends.Mock.MockBackendActor.Props(settings, engine)));
        // Written by a worker with another key: encrypted, but not by this codec's key.
        var tampered = AesGcmTestCodec.Encrypt(HourglassPayload.From("x"));
        tampered.Data = Google.Protobuf.ByteString.CopyFrom(tampered.Data.Span.ToArray().Select(b => (byte)(b ^ 0x5a)).ToArray());
        engine.StartWorkflowExecution(new()
        {
            Namespace = "default", WorkflowId = "undecodable", RequestId = Guid.NewGuid().ToString(),
            WorkflowType = new() { Name = "OrderWorkflow" }, TaskQueue = new() { Name = "q" },
            Memo = new Memo { Fields = { ["k"] = tampered } },
        });

        router.Tell(new DescribeWorkflow(new WorkflowHandle("default", "undecodable", "")), probe.TestActor);

        var failed = probe.ExpectMsg<OperationFailed>();
        Assert.Equal(ErrorKind.BackendFailed, failed.Error.Kind);
        Assert.Contains("Temporal answered DescribeWorkflowExecution, but the payload codec failed to decode the answer", failed.Error.Message);
    }
}

/// <summary>Starts, completes and awaits one workflow through the registered router.</summary>
public sealed class ShippingService(IRequiredActor<ClientBackendActor> hourglassRef, TaskCompletionSource<WorkflowClosed> story)
    : Microsoft.Extensions.Hosting.BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            var hourglass = await hourglassRef.GetAsync(stoppingToken);
            var handle = await hourglass.StartWorkflowAsync(new StartWorkflow("OrderWorkflow", "hosted-secret", 12), cancellationToken: stoppingToken);
            await hourglass.AskAsync<Backends.Mock.MockWorkflowUpdated>(new Backends.Mock.CompleteWorkflow(handle, "shipped"), cancellationToken: stoppingToken);
            story.TrySetResult(await hourglass.AwaitWorkflowAsync(handle, TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(20), stoppingToken));
        }
        catch (Exception e)
        {
            story.TrySetException(e);
        }
    }
}

/// <summary>Counts what passes through another codec.</summary>
public sealed class CountingCodec(IPayloadCodec inner) : IPayloadCodec
{
    private int _encoded;
    private int _decoded;

    public int Encoded => _encoded;

    public int Decoded => _decoded;

    public Task<IReadOnlyCollection<Payload>> EncodeAsync(IReadOnlyCollection<Payload> payloads)
    {
        Interlocked.Add(ref _encoded, payloads.Count);
        return inner.EncodeAsync(payloads);
    }

    public Task<IReadOnlyCollection<Payload>> DecodeAsync(IReadOnlyCollection<Payload> payloads)
    {
        Interlocked.Add(ref _decoded, payloads.Count(AesGcmTestCodec.IsEncrypted));
        return inner.DecodeAsync(payloads);
    }
}

/// <summary>A codec whose every call fails.</summary>
public sealed class BrokenCodec : IPayloadCodec
{
    public Task<IReadOnlyCollection<Payload>> EncodeAsync(IReadOnlyCollection<Payload> payloads) =>
        Task.FromException<IReadOnlyCollection<Payload>>(new InvalidOperationException("the HSM is unplugged"));

    public Task<IReadOnlyCollection<Payload>> DecodeAsync(IReadOnlyCollection<Payload> payloads) =>
        Task.FromException<IReadOnlyCollection<Payload>>(new InvalidOperationException("the HSM is unplugged"));
}

/// <summary>A codec that needs a key: no parameterless constructor, so config cannot make it.</summary>
public sealed class KeyedCodec(byte[] key) : IPayloadCodec
{
    public byte[] Key { get; } = key;

    public Task<IReadOnlyCollection<Payload>> EncodeAsync(IReadOnlyCollection<Payload> payloads) => Task.FromResult(payloads);

    public Task<IReadOnlyCollection<Payload>> DecodeAsync(IReadOnlyCollection<Payload> payloads) => Task.FromResult(payloads);
}

/// <summary>A codec whose constructor fails.</summary>
public sealed class FailingCodec : IPayloadCodec
{
    public FailingCodec() => throw new InvalidOperationException("no key in the vault");

    public Task<IReadOnlyCollection<Payload>> EncodeAsync(IReadOnlyCollection<Payload> payloads) => Task.FromResult(payloads);

    public Task<IReadOnlyCollection<Payload>> DecodeAsync(IReadOnlyCollection<Payload> payloads) => Task.FromResult(payloads);
}
