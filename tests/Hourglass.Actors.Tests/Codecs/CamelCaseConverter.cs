using System.Text.Json;
using Temporalio.Converters;

namespace Hourglass.Tests.Codecs;

/// <summary>
/// A custom payload converter as Temporal's .NET docs show one: JSON with camelCase property names,
/// for workflows written in languages that expect them.
/// </summary>
public sealed class CamelCaseConverter : DefaultPayloadConverter
{
    public CamelCaseConverter()
        : base(new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.CamelCase })
    {
    }
}
