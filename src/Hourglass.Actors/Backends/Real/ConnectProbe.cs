using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Google.Protobuf;
using Hourglass.Configuration;
using Hourglass.Protocol;
using Hourglass.Temporal;
using Temporalio.Api.Common.V1;
using static Temporalio.Exceptions.RpcException;

namespace Hourglass.Backends.Real;

/// <summary>
/// Tells what kind of failure a failed connect was. The Temporalio client reports every connect
/// failure as an <see cref="InvalidOperationException"/> whose only content is text ("Connection
/// failed: ..."), so after one fails the probe makes the connect's first call itself — TCP, the
/// TLS handshake with the same settings, then the client's own first RPC (GetSystemInfo over
/// HTTP/2, with the API key) — and decides from the .NET exception types, the TLS handshake and the
/// gRPC status it meets, never from text:
/// <list type="bullet">
/// <item>TCP refused, reset, unreachable, a name that does not resolve, no answer in time, a
/// connection closed before the TLS handshake: <see cref="ErrorKind.Unreachable"/>, retried.</item>
/// <item>The TLS handshake failed (<see cref="AuthenticationException"/>: the server's certificate is
/// not trusted, or the server does not speak TLS), or the server asked for a client certificate and
/// then closed the connection (it refused the certificate, or that none was given):
/// <see cref="ErrorKind.PermissionDenied"/>, not retried.</item>
/// <item>The server answered the RPC with a gRPC status: that status classified as any answer is
/// (UNAUTHENTICATED, a refused API key, is <see cref="ErrorKind.PermissionDenied"/>, not retried;
/// UNAVAILABLE is <see cref="ErrorKind.Unreachable"/>, retried); an HTTP answer without one by the
/// gRPC spec's HTTP-to-gRPC mapping.</item>
/// <item>The probe's RPC succeeded although the client's connect failed: passing trouble,
/// <see cref="ErrorKind.Unreachable"/>, retried.</item>
/// </list>
/// </summary>
internal static class ConnectProbe
{
    private const string Rpc = "/temporal.api.workflowservice.v1.WorkflowService/GetSystemInfo";

    /// <summary>What a failed connect was, and whether trying again may help.</summary>
    /// <param name="Error">The classified failure (its message says what the probe met).</param>
    /// <param name="Retryable">False when retrying cannot fix it.</param>
    public sealed record Verdict(HourglassError Error, bool Retryable);

    /// <summary>Probes <paramref name="settings"/>' target within <paramref name="budget"/>.</summary>
    public static async Task<Verdict> DiagnoseAsync(RealBackendSettings settings, TimeSpan budget)
    {
        var target = settings.TargetHost;
        var tls = new TlsTrace();
        using var handler = new SocketsHttpHandler
        {
            ConnectTimeout = budget,
            PooledConnectionLifetime = TimeSpan.Zero,
            UseProxy = false,
            AllowAutoRedirect = false,
        };
        X509Certificate2? clientCertificate = null;
        try
        {
            if (settings.UsesTls)
            {
                clientCertificate = ClientCertificate(settings);
                handler.SslOptions = SslOptions(settings, clientCertificate, tls);
            }
            using var http = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
            using var deadline = new CancellationTokenSource(budget);
            using var request = Request(settings);
            try
            {
                using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, deadline.Token).ConfigureAwait(false);
                await response.Content.ReadAsByteArrayAsync(deadline.Token).ConfigureAwait(false);
                return Answered(target, response);
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested)
            {
                return Passing(target, $"no answer within {budget.TotalMilliseconds:0} ms", null);
            }
            catch (HttpRequestException e)
            {
                return Failed(target, e, tls);
            }
            catch (Exception e) when (e is IOException or SocketException)
            {
                // The connection was reset or closed while the answer was read (an L4 proxy, a server going away).
                var socket = Find<SocketException>(e);
                return Passing(target, "the connection was reset or closed before the server answered",
                    socket is not null ? $"{e.GetType().Name}: {socket.SocketErrorCode}" : e.GetType().Name);
            }
        }
        catch (Exception e) when (e is System.Security.Cryptography.CryptographicException or ArgumentException)
        {
            // The TLS material could not even be loaded here: the client took it, so nothing is known.
            return Passing(target, "the connect failed (the probe could not use the TLS settings)", e.GetType().Name);
        }
        finally
        {
            clientCertificate?.Dispose();
        }
    }

    private static HttpRequestMessage Request(RealBackendSettings settings)
    {
        var scheme = settings.UsesTls ? "https" : "http";
        var request = new HttpRequestMessage(HttpMethod.Post, $"{scheme}://{settings.TargetHost}{Rpc}")
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            // One gRPC message frame: not compressed, length 0 (an empty GetSystemInfoRequest).
            Content = new ByteArrayContent(new byte[5]),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
        request.Headers.TryAddWithoutValidation("te", "trailers");
        // The key goes where the client sends it; it is never put in a message.
        if (settings.ApiKey is { } key) request.Headers.TryAddWithoutValidation("authorization", "Bearer " + key);
        return request;
    }

    // What the handshake showed, as the callbacks saw it.
    private sealed class TlsTrace
    {
        public volatile bool CertificateRequested;
        public volatile bool ServerCertificateSeen;
        public SslPolicyErrors ServerCertificateErrors;
    }

    private static SslClientAuthenticationOptions SslOptions(RealBackendSettings settings, X509Certificate2? clientCertificate, TlsTrace trace)
    {
        var options = new SslClientAuthenticationOptions
        {
            TargetHost = settings.ServerName ?? HostOf(settings.TargetHost),
            ApplicationProtocols = [SslApplicationProtocol.Http2],
            // Offered only when the server asks (a call with the server's certificate): that call is how
            // the probe knows the server wants a client certificate.
            LocalCertificateSelectionCallback = (_, _, _, remote, _) =>
            {
                if (remote is null) return null;
                trace.CertificateRequested = true;
                return clientCertificate;
            },
            RemoteCertificateValidationCallback = (_, _, _, errors) =>
            {
                trace.ServerCertificateSeen = true;
                trace.ServerCertificateErrors = errors;
                return errors == SslPolicyErrors.None;
            },
        };
        if (settings.ServerCaCert is { } authority)
        {
            var roots = new X509Certificate2Collection();
            roots.ImportFromPem(System.Text.Encoding.ASCII.GetString(authority));
            var policy = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck };
            policy.CustomTrustStore.AddRange(roots);
            options.CertificateChainPolicy = policy;
        }
        return options;
    }

    private static X509Certificate2? ClientCertificate(RealBackendSettings settings)
    {
        if (settings.ClientCert is not { } cert || settings.ClientKey is not { } key) return null;
        using var pem = X509Certificate2.CreateFromPem(System.Text.Encoding.ASCII.GetString(cert), System.Text.Encoding.ASCII.GetString(key));
        // An ephemeral key cannot be used by the TLS stack on every platform; a PKCS#12 round trip can.
        return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
    }

    private static string HostOf(string target)
    {
        if (target.StartsWith('['))
        {
            var end = target.IndexOf(']', StringComparison.Ordinal);
            return end > 0 ? target[1..end] : target;
        }
        var colon = target.LastIndexOf(':');
        return colon > 0 ? target[..colon] : target;
    }

    private static Verdict Answered(string target, HttpResponseMessage response)
    {
        var status = Header(response, "grpc-status");
        if (status is null || !int.TryParse(status, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var code))
        {
            // Not a gRPC answer: the gRPC spec's mapping of HTTP statuses to codes.
            var http = (int)response.StatusCode;
            var mapped = http switch
            {
                400 => StatusCode.Internal,
                401 => StatusCode.Unauthenticated,
                403 => StatusCode.PermissionDenied,
                404 => StatusCode.Unimplemented,
                429 or 502 or 503 or 504 => StatusCode.Unavailable,
                _ => StatusCode.Unknown,
            };
            return Status(target, mapped, $"the server answered HTTP {http} without a gRPC status", []);
        }
        if (code == 0)
            return Passing(target, "the connect failed, though the server answers a probe of the same call now", null);
        var details = Details(Header(response, "grpc-status-details-bin"));
        return Status(target, (StatusCode)code, $"the server refused the connect's first call ({TemporalErrors.CodeName((StatusCode)code)})", details);
    }

    private static Verdict Status(string target, StatusCode code, string reason, IEnumerable<Google.Protobuf.WellKnownTypes.Any> details)
    {
        var classified = TemporalErrors.Classify(code, $"cannot connect to Temporal at {target}: {reason}", details);
        // An answer classified as no server at all (UNAVAILABLE, UNKNOWN...) is still Unreachable.
        return new Verdict(classified, classified.IsTransient);
    }

    private static IEnumerable<Google.Protobuf.WellKnownTypes.Any> Details(string? header)
    {
        if (header is null) return [];
        try
        {
            var padded = header.PadRight(header.Length + (4 - header.Length % 4) % 4, '=');
            return GrpcStatus.Parser.ParseFrom(Convert.FromBase64String(padded)).Details;
        }
        catch (Exception e) when (e is FormatException or InvalidProtocolBufferException)
        {
            return [];
        }
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.TrailingHeaders.TryGetValues(name, out values)
            ? values.FirstOrDefault()
            : null;

    private static Verdict Failed(string target, HttpRequestException e, TlsTrace tls)
    {
        if (Find<AuthenticationException>(e) is { } refused)
        {
            var why = tls.ServerCertificateSeen && tls.ServerCertificateErrors != SslPolicyErrors.None
                ? $"the server's certificate is not trusted ({tls.ServerCertificateErrors})"
                : "the TLS handshake failed (does the server speak TLS, with these settings?)";
            return Permanent(target, why, refused.GetType().Name);
        }
        if (tls.CertificateRequested && Find<SocketException>(e) is null)
            return Permanent(target, "the server asked for a client certificate and closed the connection: it refused the certificate given, or that none was given", e.HttpRequestError.ToString());
        var socket = Find<SocketException>(e);
        var detail = socket is not null ? $"{e.HttpRequestError}: {socket.SocketErrorCode}" : e.HttpRequestError.ToString();
        var reason = e.HttpRequestError switch
        {
            HttpRequestError.NameResolutionError => "the name does not resolve",
            HttpRequestError.ConnectionError when socket?.SocketErrorCode == SocketError.ConnectionRefused => "the connection was refused",
            HttpRequestError.ConnectionError => "the connection failed or was reset",
            _ => "the connection was closed before the server answered",
        };
        return Passing(target, reason, detail);
    }

    private static Verdict Passing(string target, string reason, string? detail) =>
        new(new HourglassError(ErrorKind.Unreachable, $"cannot connect to Temporal at {target}: {reason}", detail), Retryable: true);

    private static Verdict Permanent(string target, string reason, string? detail) =>
        new(new HourglassError(ErrorKind.PermissionDenied, $"cannot connect to Temporal at {target}: {reason}", detail), Retryable: false);

    private static T? Find<T>(Exception e) where T : Exception
    {
        for (Exception? x = e; x is not null; x = x.InnerException)
        {
            if (x is T found) return found;
        }
        return null;
    }
}
