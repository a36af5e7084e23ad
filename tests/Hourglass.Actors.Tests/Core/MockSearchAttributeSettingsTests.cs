using Akka.Configuration;
using Hourglass.Configuration;
using Hourglass.Protocol;
using Hourglass.Tests.Support;
using Temporalio.Api.Enums.V1;
using Xunit.Abstractions;

namespace Hourglass.Tests.Core;

/// <summary><c>hourglass.mock.search-attributes</c>: custom attributes for the in-memory Temporal, checked at start.</summary>
public sealed class MockSearchAttributeSettingsTests(ITestOutputHelper output)
    : HourglassTestKit(output, "hourglass.mock { namespaces = [billing], search-attributes { CustomerId = Keyword, Tier = int, Tags = keyword-list } }")
{
    [Fact]
    public void The_reference_config_registers_none()
    {
        var settings = HourglassSettings.Create(ConfigurationFactory.Empty);

        Assert.Empty(settings.MockSearchAttributes);
    }

    [Fact]
    public void Types_are_read_in_any_case_and_with_or_without_the_dash()
    {
        var settings = HourglassSettings.Create(ConfigurationFactory.ParseString(
            "hourglass.mock.search-attributes { A = keyword, B = TEXT, C = Int, D = double, E = Bool, F = DateTime, G = KeywordList, H = keyword-list }"));

        Assert.Equal(
            new Dictionary<string, IndexedValueType>
            {
                ["A"] = IndexedValueType.Keyword, ["B"] = IndexedValueType.Text, ["C"] = IndexedValueType.Int, ["D"] = IndexedValueType.Double,
                ["E"] = IndexedValueType.Bool, ["F"] = IndexedValueType.Datetime, ["G"] = IndexedValueType.KeywordList, ["H"] = IndexedValueType.KeywordList,
            },
            settings.MockSearchAttributes);
    }

    [Theory]
    [InlineData("hourglass.mock.search-attributes { CustomerId = Keywrd }", "hourglass.mock.search-attributes.CustomerId", "\"Keywrd\" is not a search attribute type; allowed values: Keyword, Text, Int")]
    [InlineData("hourglass.mock.search-attributes { WorkflowId = Keyword }", "hourglass.mock.search-attributes.WorkflowId", "system search attribute")]
    [InlineData("hourglass.mock.search-attributes { \"Customer Id\" = Keyword }", "hourglass.mock.search-attributes.Customer Id", "no spaces")]
    [InlineData("hourglass.mock.search-attributes { CustomerId { type = Keyword } }", "hourglass.mock.search-attributes", "could not be read")]
    [InlineData("hourglass.mock.search-attributes = [CustomerId]", "hourglass.mock.search-attributes", "could not be read")]
    public void A_mistake_fails_at_start_naming_the_key(string hocon, string key, string says)
    {
        var e = Assert.Throws<ConfigurationException>(() => HourglassSettings.Create(ConfigurationFactory.ParseString(hocon)));

        Assert.Contains(key, e.Message);
        Assert.Contains(says, e.Message);
    }

    [Fact]
    public void The_mock_registers_them_in_its_namespaces_and_in_those_it_registers_later()
    {
        Hourglass.Tell(new EnsureNamespace("later"));
        ExpectMsg<NamespaceEnsured>();
        var attributes = new Dictionary<string, SearchAttributeValue>
        {
            ["CustomerId"] = SearchAttributeValue.Keyword("alice"),
            ["Tier"] = SearchAttributeValue.Int(2),
            ["Tags"] = SearchAttributeValue.KeywordList("gold"),
            ["CustomKeywordField"] = SearchAttributeValue.Keyword("the dev server's are there too"),
        };

        foreach (var ns in new[] { "default", "billing", "later" })
        {
            Hourglass.Tell(new StartWorkflow("OrderWorkflow", "configured") { Namespace = ns, SearchAttributes = attributes });
            var handle = ExpectMsg<WorkflowStarted>().Handle;
            Hourglass.Tell(new DescribeWorkflow(handle));
            MessageAssert.Equivalent(attributes, SearchAttributeValue.FromProto(ExpectMsg<WorkflowDescribed>().Response.WorkflowExecutionInfo.SearchAttributes));
        }
    }
}
