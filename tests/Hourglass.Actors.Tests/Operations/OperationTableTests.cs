using System.Reflection;
using Hourglass.Host.Cli;
using Hourglass.Operations;
using Hourglass.Protocol;
using Hourglass.Serialization;
using Hourglass.Tests.Serialization;

namespace Hourglass.Tests.Operations;

/// <summary>
/// Every operation type in the library is declared once in the operation table and has every part
/// an operation needs: its row, the codecs of its request and reply, its Ask helper, its CLI verb,
/// its samples in the test suite.
/// </summary>
public sealed class OperationTableTests
{
    private static readonly Type[] BackendOperationTypes = ConcreteTypes<IBackendOperation>();
    private static readonly Type[] QueryTypes = ConcreteTypes<IWorkflowQuery>();

    public static TheoryData<string> OperationNames()
    {
        var data = new TheoryData<string>();
        foreach (var type in BackendOperationTypes.Concat(QueryTypes)) data.Add(type.Name);
        return data;
    }

    [Fact]
    public void The_library_has_backend_operations_and_queries_and_no_type_is_both()
    {
        Assert.NotEmpty(BackendOperationTypes);
        Assert.NotEmpty(QueryTypes);
        Assert.Empty(BackendOperationTypes.Intersect(QueryTypes));
    }

    [Theory]
    [MemberData(nameof(OperationNames))]
    public void Every_operation_has_exactly_one_row(string name)
    {
        var type = TypeNamed(name);
        var rows = OperationTable.All.Where(r => r.RequestType == type).ToArray();
        Assert.Single(rows);
        var row = rows[0];
        Assert.Equal(typeof(IBackendOperation).IsAssignableFrom(type), OperationTable.BackendOperations.Contains(row));
        Assert.Equal(typeof(IWorkflowQuery).IsAssignableFrom(type), OperationTable.Queries.Contains(row));
        // The row's reply is the reply the request type declares.
        var declared = type.GetInterfaces().Single(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IHourglassRequest<>));
        Assert.Equal(declared.GetGenericArguments()[0], row.ReplyType);
    }

    [Fact]
    public void The_table_holds_no_type_the_library_does_not_declare() =>
        Assert.Equal(BackendOperationTypes.Concat(QueryTypes).OrderBy(t => t.Name), OperationTable.All.Select(r => r.RequestType).OrderBy(t => t.Name));

    [Theory]
    [MemberData(nameof(OperationNames))]
    public void Every_operation_and_its_reply_travel_through_the_serializer(string name)
    {
        var row = OperationTable.All.Single(r => r.RequestType.Name == name);
        Assert.Contains(row.RequestType, HourglassSerializer.ManifestTypes.Values);
        Assert.Contains(row.ReplyType, HourglassSerializer.ManifestTypes.Values);
    }

    [Fact]
    public void Every_message_has_one_codec_and_one_manifest()
    {
        var types = HourglassSerializer.Codecs.Select(c => c.Type).ToArray();
        var manifests = HourglassSerializer.Codecs.Select(c => c.Manifest).ToArray();
        Assert.Equal(types.Length, types.Distinct().Count());
        Assert.Equal(manifests.Length, manifests.Distinct().Count());
        // Every message type that may cross a node has one (a script line and a handler hold a delegate and never do).
        var messages = ConcreteTypes<IHourglassMessage>().Where(t => !typeof(INoSerializationVerificationNeeded).IsAssignableFrom(t));
        Assert.Empty(messages.Except(types));
    }

    [Theory]
    [MemberData(nameof(OperationNames))]
    public void Every_operation_has_its_Ask_helper(string name)
    {
        var helper = typeof(HourglassAskExtensions).GetMethods(BindingFlags.Public | BindingFlags.Static)
            .Where(m => m.Name == name + "Async")
            .ToArray();
        Assert.True(helper.Length > 0, $"HourglassAskExtensions has no {name}Async");
    }

    [Theory]
    [MemberData(nameof(OperationNames))]
    public void Every_operation_has_one_CLI_verb(string name) =>
        Assert.Single(HourglassCli.Commands, c => c.OperationTypes.Any(t => t.Name == name));

    [Theory]
    [MemberData(nameof(OperationNames))]
    public void Every_operation_has_a_full_sample_for_the_suite(string name) =>
        Assert.Contains(SampleMessages.Operations(), o => o.GetType().Name == name);

    private static Type TypeNamed(string name) => BackendOperationTypes.Concat(QueryTypes).Single(t => t.Name == name);

    private static Type[] ConcreteTypes<T>() =>
        typeof(ClientBackendActor).Assembly.GetTypes()
            .Where(t => typeof(T).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false })
            .ToArray();
}
