using System.Text;
using System.Text.Json;
using Akka.Configuration;
using Hourglass.Configuration;
using Hourglass.FakeTemporal;
using Hourglass.Hosting;
using Hourglass.Host.Cli;
using Hourglass.Tests.Host;

namespace Hourglass.Tests.Security;

/// <summary>
/// The API key: from <c>api-key</c>, a key file or <c>TEMPORAL_API_KEY</c>, in that order; a bad
/// file fails the start naming the key; and the key shows nowhere — not in ToString or JSON of
/// the settings and options, not in a usage error, while <c>--api-key</c> on a command line warns.
/// </summary>
public sealed class SecretTests : IDisposable
{
    private const string Key = "tk_9f3a-secret-7c21";

    private readonly string _directory = Directory.CreateTempSubdirectory("hourglass-secrets-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void The_key_is_api_key_else_the_key_files_else_TEMPORAL_API_KEY()
    {
        var file = Write("key", $"  {Key}\n");
        Func<string, string?> environment = name => name == "TEMPORAL_API_KEY" ? "from-environment" : null;

        Assert.Equal(Key, Real($"hourglass.real.api-key-file = {Quote(file)}", environment).ApiKey);
        Assert.Equal("explicit", Real($"hourglass.real.api-key = explicit\nhourglass.real.api-key-file = {Quote(file)}", environment).ApiKey);
        Assert.Equal("from-environment", Real("", environment).ApiKey);
        Assert.Null(Real("", _ => null).ApiKey);
        // A key from a file is a key: TLS goes on in auto mode, as for any key.
        Assert.True(Real($"hourglass.real.api-key-file = {Quote(file)}", _ => null).UsesTls);
    }

    [Theory]
    [InlineData("missing", "cannot be read")]
    [InlineData("", "is empty; it must hold the API key")]
    [InlineData("  \n", "is empty; it must hold the API key")]
    [InlineData("first-line-secret\nsecond-line", "holds more than the key (a line break or control character)")]
    public void A_key_file_that_cannot_give_a_key_fails_at_start_naming_the_key_never_its_content(string content, string problem)
    {
        var file = content == "missing" ? Path.Combine(_directory, "nowhere") : Write("bad", content);

        var failure = Assert.Throws<ConfigurationException>(() => Real($"hourglass.real.api-key-file = {Quote(file)}", name => name == "TEMPORAL_API_KEY" ? "ignored" : null));

        Assert.Contains($"hourglass.real.api-key-file = \"{file}\"", failure.Message);
        Assert.Contains(problem, failure.Message);
        Assert.DoesNotContain("first-line-secret", failure.Message);
    }

    [Fact]
    public void The_key_is_in_neither_ToString_nor_JSON_of_the_settings_and_options()
    {
        using var certificates = TestCertificates.Create();
        var files = certificates.WritePemFiles(Path.Combine(_directory, "tls"));
        var settings = HourglassSettings.Create(ConfigurationFactory.ParseString($$"""
            hourglass.real {
              api-key = "{{Key}}"
              tls { client-cert-file = {{Quote(files.ClientCertificate)}}, client-key-file = {{Quote(files.ClientPrivateKey)}} }
            }
            """));
        var options = new HourglassOptions { Real = { ApiKey = Key, TargetHost = "temporal:7233" } };
        var privateKey = certificates.ClientKeyPem.Split('\n')[1];

        foreach (var shown in new[]
        {
            settings.ToString(), settings.Real.ToString(), options.ToString(), options.Real.ToString(),
            JsonSerializer.Serialize(settings), JsonSerializer.Serialize(settings.Real), JsonSerializer.Serialize(options),
            JsonSerializer.Serialize(options.Real),
        })
        {
            Assert.DoesNotContain(Key, shown);
            Assert.DoesNotContain(privateKey, shown);
            Assert.DoesNotContain(Convert.ToBase64String(settings.Real.ClientKey!)[..40], shown);
        }
        Assert.Equal(Key, settings.Real.ApiKey);
        using var json = JsonDocument.Parse(JsonSerializer.Serialize(settings));
        Assert.Equal("***", json.RootElement.GetProperty("Real").GetProperty("ApiKey").GetString());
        Assert.Equal("***", json.RootElement.GetProperty("Real").GetProperty("ClientKey").GetString());
        Assert.Equal("***", JsonDocument.Parse(JsonSerializer.Serialize(options)).RootElement.GetProperty("Real").GetProperty("ApiKey").GetString());
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<RealBackendOptions>("""{"ApiKey":"***"}"""));
    }

    [Fact]
    public void Options_with_a_key_file_render_its_path_and_set_it_over_a_key_in_config()
    {
        var file = Write("key", Key);
        var options = new HourglassOptions { Real = { ApiKeyFile = file } };

        var hocon = options.ToHocon();
        var settings = HourglassSettings.Create(ConfigurationFactory.ParseString(hocon)
            .WithFallback(ConfigurationFactory.ParseString("hourglass.real.api-key = from-config")));

        Assert.DoesNotContain(Key, hocon);
        Assert.Contains(file, hocon);
        Assert.Equal(Key, settings.Real.ApiKey);
        Assert.Throws<ArgumentException>(() => new HourglassOptions { Real = { ApiKey = Key, ApiKeyFile = file } }.ToHocon());
    }

    [Fact]
    public async Task An_api_key_on_the_command_line_warns_that_others_can_see_it_and_is_not_printed()
    {
        var run = await CliRun.Of("describe", "wf-1", "--api-key", Key, "--address", "127.0.0.1:1", "--no-tls", "--rpc-timeout", "200ms");

        Assert.StartsWith("hourglass: warning: --api-key on a command line can be read by other users of this machine", run.Error);
        Assert.Contains("$TEMPORAL_API_KEY or a file (--api-key-file)", run.Error);
        Assert.DoesNotContain(Key, run.Everything);
    }

    [Fact]
    public async Task The_key_and_its_file_together_are_a_usage_error()
    {
        var run = await CliRun.Of("describe", "wf-1", "--api-key", Key, "--api-key-file", Write("key", Key));

        Assert.Equal(HourglassCli.UsageError, run.Code);
        Assert.Contains("--api-key and --api-key-file: give one of them", run.Error);
        Assert.DoesNotContain(Key, run.Everything);
    }

    [Theory]
    // An unquoted key with a space: its second half is an argument too many.
    [InlineData("unexpected argument (an argument not shown: it follows the value of --api-key", "describe", "wf-1", "--api-key", "tk_9f3a", "secret-7c21")]
    [InlineData("unexpected argument (an argument not shown: it follows the value of --api-key", "serve", "--api-key", "tk_9f3a", "secret-7c21")]
    [InlineData("--api-key comes before the command", "--api-key", "tk_9f3a", "secret-7c21", "describe")]
    [InlineData("unrecognized option --api-key: options come after the command", "--api-key", "tk_9f3a", "secret-7c21")]
    [InlineData("unrecognized option --api-key=… (the value not shown): options come after the command", "--api-key=tk_9f3a", "secret-7c21")]
    // A missing space between the option and its value.
    [InlineData("unrecognized option --api-key… (the rest not shown) for describe", "describe", "wf-1", "--api-keytk_9f3asecret-7c21", "x")]
    public async Task A_usage_error_never_echoes_what_may_be_part_of_a_key(string message, params string[] args)
    {
        var run = await CliRun.Of(args);

        Assert.Equal(HourglassCli.UsageError, run.Code);
        Assert.Contains(message, run.Error);
        Assert.DoesNotContain("secret-7c21", run.Everything);
        Assert.DoesNotContain("tk_9f3a", run.Everything);
    }

    [Fact]
    public async Task An_argument_too_many_that_follows_no_secret_is_still_shown()
    {
        var run = await CliRun.Of("describe", "wf-1", "extra", "--api-key", Key);

        Assert.Equal(HourglassCli.UsageError, run.Code);
        Assert.Contains("unexpected argument 'extra'", run.Error);
        Assert.DoesNotContain(Key, run.Everything);
    }

    [Fact]
    public async Task Serve_with_a_key_file_that_cannot_be_read_stops_with_exit_2_naming_the_option()
    {
        var missing = Path.Combine(_directory, "no-key");

        var run = await CliRun.Of("serve", "--port", "0", "--api-key-file", missing);

        Assert.True(run.Code == HourglassCli.UsageError, run.ToString());
        Assert.Contains($"--api-key-file (hourglass.real.api-key-file) = \"{missing}\" cannot be read", run.Error);
        Assert.DoesNotContain("node up", run.Output);
    }

    private static RealBackendSettings Real(string hocon, Func<string, string?> environment) =>
        HourglassSettings.Create(ConfigurationFactory.ParseString(hocon), environment).Real;

    private string Write(string name, string content)
    {
        var path = Path.Combine(_directory, $"{name}-{Guid.NewGuid():N}");
        File.WriteAllText(path, content, new UTF8Encoding(false));
        return path;
    }

    private static string Quote(string value) => JsonSerializer.Serialize(value);
}
