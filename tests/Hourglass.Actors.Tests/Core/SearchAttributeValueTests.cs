using Google.Protobuf;
using Hourglass.Protocol;
using Hourglass.Tests.Serialization;
using Hourglass.Tests.Support;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Common;

namespace Hourglass.Tests.Core;

/// <summary>
/// SearchAttributeValue in Temporal's encoding: json/plain data with the type in the metadata,
/// exactly what the Temporalio SDK writes and reads.
/// </summary>
public sealed class SearchAttributeValueTests
{
    private static readonly DateTimeOffset Time = new DateTimeOffset(2026, 3, 14, 15, 9, 26, 535, TimeSpan.FromHours(2)).AddTicks(7);

    public static TheoryData<string, string, string> Encodings() => new()
    {
        { "keyword", "Keyword", "\"alice\"" },
        { "text", "Text", "\"Grüße, \\\"rush\\\"\"" },
        { "int", "Int", "-9223372036854775808" },
        { "double", "Double", "42.5" },
        { "bool", "Bool", "false" },
        { "datetime", "Datetime", "\"2026-03-14T15:09:26.5350007+02:00\"" },
        { "utc datetime", "Datetime", "\"2026-03-14T13:09:26.535Z\"" },
        { "keyword list", "KeywordList", "[\"gold\",\"eu\"]" },
    };

    private static SearchAttributeValue Sample(string name) => name switch
    {
        "keyword" => SearchAttributeValue.Keyword("alice"),
        "text" => SearchAttributeValue.Text("Grüße, \"rush\""),
        "int" => SearchAttributeValue.Int(long.MinValue),
        "double" => SearchAttributeValue.Double(42.5),
        "bool" => SearchAttributeValue.Bool(false),
        "datetime" => SearchAttributeValue.Datetime(Time),
        "utc datetime" => SearchAttributeValue.Datetime(new DateTimeOffset(2026, 3, 14, 13, 9, 26, 535, TimeSpan.Zero)),
        _ => SearchAttributeValue.KeywordList("gold", "eu"),
    };

    [Theory]
    [MemberData(nameof(Encodings))]
    public void Each_type_is_json_plain_with_its_type_name_and_reads_back_the_same(string name, string type, string json)
    {
        var value = Sample(name);

        var payload = value.ToPayload();

        Assert.Equal("json/plain", payload.Metadata["encoding"].ToStringUtf8());
        Assert.Equal(type, payload.Metadata["type"].ToStringUtf8());
        Assert.Equal(json, payload.Data.ToStringUtf8());
        var back = SearchAttributeValue.FromPayload(payload);
        Assert.Equal(value, back);
        MessageAssert.Equivalent(value, back);
        Assert.Equal(value.GetHashCode(), back.GetHashCode());
    }

    [Fact]
    public void The_Temporalio_SDK_reads_what_Hourglass_writes_and_the_other_way_round()
    {
        var ours = SampleMessages.SearchAttributes();

        var sdk = SearchAttributeCollection.FromProto(SearchAttributeValue.ToProto(ours)!);

        Assert.Equal("alice", sdk.Get(SearchAttributeKey.CreateKeyword("CustomKeywordField")));
        Assert.Equal("rush order, gift wrapped", sdk.Get(SearchAttributeKey.CreateText("CustomTextField")));
        Assert.Equal(42L, sdk.Get(SearchAttributeKey.CreateLong("CustomIntField")));
        Assert.Equal(42.5, sdk.Get(SearchAttributeKey.CreateDouble("CustomDoubleField")));
        Assert.True(sdk.Get(SearchAttributeKey.CreateBool("CustomBoolField")));
        Assert.Equal(SampleMessages.Started, sdk.Get(SearchAttributeKey.CreateDateTimeOffset("CustomDatetimeField")));
        Assert.Equal(["gold", "eu"], sdk.Get(SearchAttributeKey.CreateKeywordList("CustomKeywordListField")));

        var theirs = new SearchAttributeCollection.Builder()
            .Set(SearchAttributeKey.CreateKeyword("CustomKeywordField"), "alice")
            .Set(SearchAttributeKey.CreateText("CustomTextField"), "rush order, gift wrapped")
            .Set(SearchAttributeKey.CreateLong("CustomIntField"), 42)
            .Set(SearchAttributeKey.CreateDouble("CustomDoubleField"), 42.5)
            .Set(SearchAttributeKey.CreateBool("CustomBoolField"), true)
            .Set(SearchAttributeKey.CreateDateTimeOffset("CustomDatetimeField"), SampleMessages.Started)
            .Set(SearchAttributeKey.CreateKeywordList("CustomKeywordListField"), ["gold", "eu"])
            .ToSearchAttributeCollection();
        var read = SearchAttributeValue.FromProto(theirs.ToProto());
        Assert.Equal(ours.Count, read.Count);
        foreach (var (key, value) in ours)
        {
            // The SDK may write a datetime in UTC: the instant is the same.
            if (value.Value is DateTimeOffset time) Assert.Equal(time, (DateTimeOffset)read[key].Value);
            else Assert.Equal(value, read[key]);
        }
    }

    [Fact]
    public void The_protobuf_enum_name_is_read_as_a_type_too()
    {
        var payload = SearchAttributeValue.KeywordList("a").ToPayload();
        payload.Metadata["type"] = ByteString.CopyFromUtf8("INDEXED_VALUE_TYPE_KEYWORD_LIST");

        Assert.Equal(IndexedValueType.KeywordList, SearchAttributeValue.TypeOf(payload));
        Assert.Equal(SearchAttributeValue.KeywordList("a"), SearchAttributeValue.FromPayload(payload));
    }

    [Theory]
    [InlineData("json/plain", "", "\"x\"")]
    [InlineData("json/plain", "Keyword, Text", "\"x\"")]
    [InlineData("json/plain", "2", "\"x\"")]
    [InlineData("json/plain", "Unspecified", "\"x\"")]
    [InlineData("binary/plain", "Keyword", "\"x\"")]
    [InlineData("json/plain", "Int", "\"x\"")]
    [InlineData("json/plain", "Int", "1.5")]
    [InlineData("json/plain", "Bool", "1")]
    [InlineData("json/plain", "Datetime", "\"2026-03-14\"")]
    [InlineData("json/plain", "Datetime", "\"2026-03-14T15:09:26\"")]
    [InlineData("json/plain", "KeywordList", "[\"a\",1]")]
    [InlineData("json/plain", "Keyword", "not json")]
    public void A_payload_that_is_not_a_value_of_its_type_is_a_FormatException(string encoding, string type, string data)
    {
        var payload = new Payload
        {
            Metadata = { ["encoding"] = ByteString.CopyFromUtf8(encoding), ["type"] = ByteString.CopyFromUtf8(type) },
            Data = ByteString.CopyFromUtf8(data),
        };

        Assert.Throws<FormatException>(() => SearchAttributeValue.FromPayload(payload));
        Assert.False(SearchAttributeValue.TryFromPayload(payload, out var value));
        Assert.Null(value);
    }

    [Fact]
    public void FromProto_names_the_attribute_it_cannot_read()
    {
        var attributes = new SearchAttributes { IndexedFields = { ["Broken"] = HourglassPayload.From("no type metadata") } };

        var e = Assert.Throws<FormatException>(() => SearchAttributeValue.FromProto(attributes));

        Assert.StartsWith("search attribute Broken:", e.Message);
        Assert.Empty(SearchAttributeValue.FromProto(null));
    }

    [Fact]
    public void What_Temporal_cannot_hold_has_a_Problem_and_no_payload()
    {
        SearchAttributeValue[] bad =
        [
            SearchAttributeValue.Double(double.NaN), SearchAttributeValue.Double(double.NegativeInfinity),
            SearchAttributeValue.Datetime(default), SearchAttributeValue.Datetime(DateTimeOffset.MaxValue),
            SearchAttributeValue.Datetime(SearchAttributeValue.MinDatetime.AddTicks(-1)),
        ];
        foreach (var value in bad)
        {
            Assert.NotNull(value.Problem);
            Assert.Throws<InvalidOperationException>(value.ToPayload);
            Assert.StartsWith($"{value.Type} ", value.ToString());
        }
        Assert.Null(SearchAttributeValue.Datetime(SearchAttributeValue.MinDatetime).Problem);
        Assert.Null(SearchAttributeValue.Datetime(SearchAttributeValue.MaxDatetime).Problem);
        Assert.Equal("\"9999-12-31T23:59:59.999999Z\"", SearchAttributeValue.Datetime(SearchAttributeValue.MaxDatetime).ToPayload().Data.ToStringUtf8());
    }

    [Fact]
    public void Values_are_equal_by_type_and_value_and_nulls_are_refused_when_made()
    {
        Assert.Equal(SearchAttributeValue.KeywordList("a", "b"), SearchAttributeValue.KeywordList("a", "b"));
        Assert.NotEqual(SearchAttributeValue.KeywordList("a", "b"), SearchAttributeValue.KeywordList("b", "a"));
        Assert.NotEqual(SearchAttributeValue.Keyword("a"), SearchAttributeValue.Text("a"));
        Assert.NotEqual(SearchAttributeValue.Int(1), SearchAttributeValue.Double(1));
        // The same instant at another offset is another value: it is written differently.
        Assert.NotEqual(SearchAttributeValue.Datetime(Time), SearchAttributeValue.Datetime(Time.ToUniversalTime()));
        Assert.Equal("Keyword \"alice\"", SearchAttributeValue.Keyword("alice").ToString());

        Assert.Throws<ArgumentNullException>(() => SearchAttributeValue.Keyword(null!));
        Assert.Throws<ArgumentNullException>(() => SearchAttributeValue.Text(null!));
        Assert.Throws<ArgumentNullException>(() => SearchAttributeValue.KeywordList(null!));
        Assert.Throws<ArgumentException>(() => SearchAttributeValue.KeywordList("a", null!));
        // The list is a copy: changing the array given changes nothing.
        var items = new[] { "a" };
        var list = SearchAttributeValue.KeywordList(items);
        items[0] = "changed";
        Assert.Equal(["a"], (IReadOnlyList<string>)list.Value);
    }
}
