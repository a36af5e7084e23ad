using Temporalio.Api.WorkflowService.V1;
using Temporalio.Client;
using Xunit;
using static Hourglass.FakeTemporal.Tests.Support;
using static Temporalio.Exceptions.RpcException;

namespace Hourglass.FakeTemporal.Tests;

public class ApiKeyTests
{
    private const string Key = "test-key-not-a-secret";

    [Fact]
    public async Task The_client_sends_its_api_key_as_a_bearer_authorization_header_and_is_let_in()
    {
        await using var server = await FakeTemporalServer.StartAsync(new FakeTemporalOptions { RequiredApiKey = Key });

        // An API key turns TLS on in Temporalio unless it is disabled explicitly.
        var connection = await ConnectAsync(server, o =>
        {
            o.ApiKey = Key;
            o.Tls = new TlsOptions { Disabled = true };
        });
        await connection.WorkflowService.DescribeNamespaceAsync(DescribeDefault, Rpc());

        Assert.All(server.Requests, r => Assert.Equal($"Bearer {Key}", r.Headers["authorization"]));
    }

    [Fact]
    public async Task Connecting_without_the_key_or_with_another_fails()
    {
        await using var server = await FakeTemporalServer.StartAsync(new FakeTemporalOptions { RequiredApiKey = Key });

        var missing = await Assert.ThrowsAsync<InvalidOperationException>(() => ConnectAsync(server));
        var wrong = await Assert.ThrowsAsync<InvalidOperationException>(() => ConnectAsync(server, o =>
        {
            o.ApiKey = "another-key";
            o.Tls = new TlsOptions { Disabled = true };
        }));

        // The refused GetSystemInfo surfaces as a connection failure naming the status.
        Assert.Contains("Unauthenticated", missing.Message);
        Assert.Contains("Unauthenticated", wrong.Message);
        Assert.DoesNotContain(Key, missing.Message + wrong.Message);
        Assert.Equal(2, server.RequestsOf<GetSystemInfoRequest>().Count);
    }

    [Fact]
    public async Task A_call_with_a_changed_key_is_Unauthenticated()
    {
        await using var server = await FakeTemporalServer.StartAsync(new FakeTemporalOptions { RequiredApiKey = Key });
        var connection = await ConnectAsync(server, o =>
        {
            o.ApiKey = Key;
            o.Tls = new TlsOptions { Disabled = true };
        });

        connection.ApiKey = "rotated-elsewhere";
        var (error, _) = await FailsAsync(() => connection.WorkflowService.DescribeNamespaceAsync(DescribeDefault, Rpc()));

        Assert.Equal(StatusCode.Unauthenticated, error.Code);
        Assert.DoesNotContain(Key, error.Message);
        Assert.Equal("Bearer rotated-elsewhere", server.Requests[^1].Headers["authorization"]);
    }
}
