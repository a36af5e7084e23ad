using Hourglass.Protocol;
using Hourglass.Tests.Support;
using Xunit.Abstractions;

namespace Hourglass.Tests.Core;

/// <summary>The production profile: overrides are switched off.</summary>
public sealed class OverridesOffTests(ITestOutputHelper output)
    : HourglassTestKit(output, "hourglass.allow-overrides = off")
{
    [Fact]
    public void UseBackend_answers_PermissionDenied_and_changes_nothing()
    {
        Hourglass.Tell(new UseBackend(BackendKind.Real));
        var failed = ExpectFailure(ErrorKind.PermissionDenied);
        Assert.Contains("hourglass.allow-overrides", failed.Error.Message);

        Hourglass.Tell(GetBackend.Instance);
        Assert.Equal(new BackendInUse(BackendChoice.Mock, BackendSource.Config), ExpectMsg<BackendInUse>());
        StartOne("still-on-mock");
    }
}
