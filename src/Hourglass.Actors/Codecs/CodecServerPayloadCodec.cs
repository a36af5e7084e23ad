using System.Net.Http.Headers;
using System.Text;
using Google.Protobuf;
using Temporalio.Api.Common.V1;
using Temporalio.Converters;

namespace Hourglass.Codecs;

/// <summary>
/// A payload codec that is a remote codec server, in Temporal's codec server protocol (the one the
/// Temporal CLI's <c>--codec-endpoint</c> and the Web UI use): <c>POST {endpoint}/encode</c> and
/// <c>POST {endpoint}/decode</c> with <c>{"payloads": [...]}</c> in proto JSON, the namespace in the
/// <c>X-Namespace</c> header and in place of <c>{namespace}</c> in the endpoint, and an optional
/// <c>Authorization</c> header. The keys stay with the codec server.
/// </summary>
/// <remarks>
/// Configured by <c>hourglass.payload.codec-endpoint</c> / <c>codec-auth</c> /
/// <c>codec-timeout</c>, or by the CLI's <c>--codec-endpoint</c> and <c>--codec-auth</c>. The
/// namespace comes from the call (Hourglass hands the codec each call's serialization context),
/// else the default namespace it was made with. The authorization value is never logged nor
/// shown in errors. Thread-safe.
/// </remarks>
public sealed class CodecServerPayloadCodec : IPayloadCodec, IWithSerializationContext<IPayloadCodec>
{
    private static readonly JsonParser Parser = new(JsonParser.Settings.Default.WithIgnoreUnknownFields(true));

    private readonly HttpClient _http;
    private readonly string _endpoint;
    private readonly string? _authorization;
    private readonly string _namespace;

    /// <summary>Makes a codec for the codec server at <paramref name="endpoint"/>.</summary>
    /// <param name="endpoint">The server's base address (http or https), optionally with <c>{namespace}</c> in it.</param>
    /// <param name="authorization">The <c>Authorization</c> header's value, e.g. <c>Bearer …</c>; null for none.</param>
    /// <param name="namespace">The namespace for calls that name none.</param>
    /// <param name="timeout">Longest wait for one answer of the server; null for 10 seconds.</param>
    /// <param name="handler">The HTTP handler to send through; null for a new one of its own.</param>
    /// <exception cref="ArgumentException">The endpoint is not an absolute http or https address.</exception>
    public CodecServerPayloadCodec(string endpoint, string? authorization = null, string @namespace = "default",
        TimeSpan? timeout = null, HttpMessageHandler? handler = null)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(@namespace);
        if (EndpointProblem(endpoint) is { } problem) throw new ArgumentException($"the codec endpoint {problem}", nameof(endpoint));
        _http = new HttpClient(handler ?? new SocketsHttpHandler(), disposeHandler: handler is null)
        {
            Timeout = timeout ?? TimeSpan.FromSeconds(10),
        };
        _endpoint = endpoint.TrimEnd('/');
        _authorization = string.IsNullOrEmpty(authorization) ? null : authorization;
        _namespace = @namespace;
    }

    private CodecServerPayloadCodec(CodecServerPayloadCodec other, string @namespace)
    {
        _http = other._http;
        _endpoint = other._endpoint;
        _authorization = other._authorization;
        _namespace = @namespace;
    }

    /// <summary>The namespace this codec sends with its calls.</summary>
    public string Namespace => _namespace;

    /// <inheritdoc />
    public Task<IReadOnlyCollection<Payload>> EncodeAsync(IReadOnlyCollection<Payload> payloads) => PostAsync("encode", payloads);

    /// <inheritdoc />
    public Task<IReadOnlyCollection<Payload>> DecodeAsync(IReadOnlyCollection<Payload> payloads) => PostAsync("decode", payloads);

    /// <summary>The same codec for the call's namespace.</summary>
    public IPayloadCodec WithSerializationContext(ISerializationContext context) =>
        context is ISerializationContext.IHasWorkflow { Namespace: { Length: > 0 } ns } && ns != _namespace
            ? new CodecServerPayloadCodec(this, ns)
            : this;

    /// <summary>What is wrong with an endpoint, or null when it is an absolute http or https address.</summary>
    public static string? EndpointProblem(string endpoint) =>
        Uri.TryCreate(endpoint.Replace("{namespace}", "default", StringComparison.Ordinal), UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? null
            : "is not an absolute http:// or https:// address";

    /// <summary>Names the server, never its authorization.</summary>
    public override string ToString() => $"codec server {_endpoint}";

    private async Task<IReadOnlyCollection<Payload>> PostAsync(string verb, IReadOnlyCollection<Payload> payloads)
    {
        if (payloads.Count == 0) return payloads;
        var body = new Payloads();
        body.Payloads_.AddRange(payloads);
        var address = _endpoint.Replace("{namespace}", Uri.EscapeDataString(_namespace), StringComparison.Ordinal) + "/" + verb;
        using var request = new HttpRequestMessage(HttpMethod.Post, address)
        {
            Content = new StringContent(JsonFormatter.Default.Format(body), Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-Namespace", _namespace);
        if (_authorization is not null) request.Headers.TryAddWithoutValidation("Authorization", _authorization);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));

        using var response = await _http.SendAsync(request).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
            throw new HttpRequestException($"the codec server answered {verb} with {(int)response.StatusCode} {response.ReasonPhrase}", null, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
        try
        {
            return Parser.Parse<Payloads>(text).Payloads_;
        }
        catch (Exception e) when (e is InvalidProtocolBufferException or InvalidJsonException)
        {
            throw new InvalidDataException($"the codec server's answer to {verb} is not {{\"payloads\": [...]}}: {e.Message}", e);
        }
    }
}
