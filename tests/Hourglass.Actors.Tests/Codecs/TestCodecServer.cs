using System.Collections.Concurrent;
using Google.Protobuf;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Temporalio.Api.Common.V1;
using Temporalio.Converters;

namespace Hourglass.Tests.Codecs;

/// <summary>
/// A codec server on 127.0.0.1 in Temporal's codec server protocol, over a codec: POST
/// <c>[/{namespace}]/encode</c> and <c>/decode</c> with <c>{"payloads": [...]}</c> in proto JSON. It
/// records every call and, when given an authorization, answers 401 to calls without it.
/// </summary>
public sealed class TestCodecServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private TestCodecServer(WebApplication app) => _app = app;

    /// <summary>Every call received: the path, the X-Namespace header, the Authorization header.</summary>
    public ConcurrentQueue<(string Path, string? Namespace, string? Authorization)> Calls { get; } = new();

    /// <summary>The base address, e.g. http://127.0.0.1:5123.</summary>
    public string Endpoint { get; private set; } = "";

    public static async Task<TestCodecServer> StartAsync(IPayloadCodec codec, string? requiredAuthorization = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var server = new TestCodecServer(app);
        var parser = new JsonParser(JsonParser.Settings.Default);

        async Task Serve(HttpContext http, bool encode)
        {
            server.Calls.Enqueue((http.Request.Path.Value ?? "", http.Request.Headers["X-Namespace"].FirstOrDefault(),
                http.Request.Headers.Authorization.FirstOrDefault()));
            if (requiredAuthorization is not null && http.Request.Headers.Authorization != requiredAuthorization)
            {
                http.Response.StatusCode = StatusCodes.Status401Unauthorized;
                return;
            }
            using var reader = new StreamReader(http.Request.Body);
            var payloads = parser.Parse<Payloads>(await reader.ReadToEndAsync());
            var result = encode ? await codec.EncodeAsync(payloads.Payloads_) : await codec.DecodeAsync(payloads.Payloads_);
            var answer = new Payloads();
            answer.Payloads_.AddRange(result);
            http.Response.ContentType = "application/json";
            await http.Response.WriteAsync(JsonFormatter.Default.Format(answer));
        }

        app.MapPost("/encode", http => Serve(http, encode: true));
        app.MapPost("/decode", http => Serve(http, encode: false));
        app.MapPost("/{ns}/encode", http => Serve(http, encode: true));
        app.MapPost("/{ns}/decode", http => Serve(http, encode: false));
        await app.StartAsync();
        server.Endpoint = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
