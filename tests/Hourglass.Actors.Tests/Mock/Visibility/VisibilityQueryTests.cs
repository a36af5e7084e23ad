using Hourglass.Backends.Mock.Visibility;
using static Hourglass.Tests.Mock.Visibility.VisibilityFixtures;

namespace Hourglass.Tests.Mock.Visibility;

/// <summary>
/// The visibility query language on its own: the tokenizer, the parser (precedence, quoting,
/// comments) and the evaluator (every operator on every type, SQL's three-valued logic), and
/// every refusal worded as the server words it.
/// </summary>
public sealed class VisibilityQueryTests
{
    private static readonly IReadOnlyList<VisibilityRecord> Runs = VisibilityFixtures.Runs();

    private static string Matching(string query, bool count = false)
    {
        var compiled = VisibilityQuery.Compile(query, TypeOf, count);
        return string.Join(",", Runs.Where(compiled.Matches).Select(r => r.WorkflowId).Order(StringComparer.Ordinal));
    }

    private static string Refusal(string query, bool count = false) =>
        Assert.Throws<VisibilityQueryException>(() => VisibilityQuery.Compile(query, TypeOf, count)).StatusMessage;

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\t\n")]
    public void An_empty_query_matches_every_run(string query) =>
        Assert.Equal("invoice-1,order-1,order-2,order-3,ship-1", Matching(query));

    [Theory]
    [InlineData("WorkflowId = 'order-1'", "order-1")]
    [InlineData("WorkflowId = \"order-1\"", "order-1")]
    [InlineData("`WorkflowId` = 'order-1'", "order-1")]
    [InlineData("WorkflowId='order-1'", "order-1")]
    [InlineData("  WorkflowId = 'order-1'  ", "order-1")]
    [InlineData("WorkflowId != 'order-1'", "invoice-1,order-2,order-3,ship-1")]
    [InlineData("WorkflowId <> 'order-1'", "invoice-1,order-2,order-3,ship-1")]
    [InlineData("WorkflowId < 'order-2'", "invoice-1,order-1")]
    [InlineData("WorkflowId <= 'order-2'", "invoice-1,order-1,order-2")]
    [InlineData("WorkflowId > 'order-2'", "order-3,ship-1")]
    [InlineData("WorkflowId >= 'order-2'", "order-2,order-3,ship-1")]
    [InlineData("WorkflowId = 'ORDER-1'", "")]
    [InlineData("WorkflowType = 'OrderWorkflow'", "order-1,order-2,order-3")]
    [InlineData("TaskQueue = 'billing'", "invoice-1")]
    [InlineData("RunId IS NOT NULL", "invoice-1,order-1,order-2,order-3,ship-1")]
    [InlineData("RootWorkflowId = 'ship-1'", "ship-1")]
    [InlineData("ParentWorkflowId IS NULL", "invoice-1,order-1,order-2,order-3,ship-1")]
    [InlineData("ScheduleId = 'ship-1'", "ship-1")]
    public void Keyword_system_attributes_compare_exactly(string query, string expected) => Assert.Equal(expected, Matching(query));

    [Theory]
    [InlineData("WorkflowId IN ('order-1', 'ship-1', 'nothing')", "order-1,ship-1")]
    [InlineData("WorkflowId in (\"order-2\")", "order-2")]
    [InlineData("WorkflowId NOT IN ('order-1', 'ship-1')", "invoice-1,order-2,order-3")]
    [InlineData("WorkflowId STARTS_WITH 'order-'", "order-1,order-2,order-3")]
    [InlineData("WorkflowId starts_with 'Order-'", "")]
    [InlineData("WorkflowId NOT STARTS_WITH 'order-'", "invoice-1,ship-1")]
    [InlineData("WorkflowId STARTS_WITH ''", "invoice-1,order-1,order-2,order-3,ship-1")]
    [InlineData("WorkflowId BETWEEN 'order-1' AND 'order-2'", "order-1,order-2")]
    [InlineData("WorkflowId NOT BETWEEN 'order-1' AND 'order-2'", "invoice-1,order-3,ship-1")]
    public void In_starts_with_and_between(string query, string expected) => Assert.Equal(expected, Matching(query));

    [Theory]
    [InlineData("ExecutionStatus = 'Running'", "order-1,ship-1")]
    [InlineData("ExecutionStatus = 'WORKFLOW_EXECUTION_STATUS_COMPLETED'", "order-2")]
    [InlineData("ExecutionStatus = 3", "invoice-1")]
    [InlineData("ExecutionStatus != 'Running'", "invoice-1,order-2,order-3")]
    [InlineData("ExecutionStatus IN ('Failed', 'Terminated')", "invoice-1,order-3")]
    [InlineData("ExecutionStatus NOT IN ('Running')", "invoice-1,order-2,order-3")]
    [InlineData("ExecutionStatus > 'Completed'", "invoice-1,order-3")]
    [InlineData("ExecutionStatus BETWEEN 'Running' AND 'Completed'", "order-1,order-2,ship-1")]
    public void ExecutionStatus_takes_the_names_the_server_writes_and_their_numbers(string query, string expected) =>
        Assert.Equal(expected, Matching(query));

    [Theory]
    [InlineData("StartTime > '2026-03-01T00:00:00Z'", "invoice-1,order-1,ship-1")]
    [InlineData("StartTime >= '2026-03-01T00:00:00Z'", "invoice-1,order-1,order-2,ship-1")]
    [InlineData("StartTime = '2026-03-01T01:00:00Z'", "order-1")]
    [InlineData("StartTime = '2026-03-01T03:00:00+02:00'", "order-1")]
    [InlineData("StartTime = '2026-03-01T01:00:00.000000Z'", "order-1")]
    [InlineData("StartTime < '2026-02-28T23:59:59.999999999+00:30'", "order-3")]
    [InlineData("StartTime BETWEEN '2026-03-01T00:00:00Z' AND '2026-03-01T01:00:00Z'", "invoice-1,order-1,order-2")]
    [InlineData("StartTime > 1772323200000000000", "invoice-1,order-1,ship-1")]
    [InlineData("ExecutionTime = StartTime", null)]
    [InlineData("CloseTime < '2026-03-01T00:00:00Z'", "order-3")]
    [InlineData("CloseTime > '2026-03-01T02:30:00Z'", "invoice-1,order-1,ship-1")]
    [InlineData("CloseTime IS NULL", "order-1,ship-1")]
    [InlineData("CloseTime IS NOT NULL", "invoice-1,order-2,order-3")]
    [InlineData("CustomDatetimeField < '2026-01-02T03:04:06Z'", "order-1")]
    [InlineData("CustomDatetimeField = '2026-01-02T03:04:05.000Z'", "order-1")]
    public void Datetimes_are_RFC_3339_or_Unix_nanoseconds_and_CloseTime_of_an_open_run_is_the_end_of_time(string query, string? expected)
    {
        if (expected is null)
        {
            Assert.StartsWith("invalid query: operation is not supported: column name on the right side", Refusal(query));
            return;
        }
        Assert.Equal(expected, Matching(query));
    }

    [Theory]
    [InlineData("StartTime = '2026-03-01T00:00:00.000001Z'", 19, true)]
    [InlineData("StartTime = '2026-03-01T00:00:00.000001999Z'", 19, true)]
    [InlineData("StartTime = 1772323200000001999", 19, true)]
    [InlineData("StartTime = 1772323200000001000", 10, true)]
    [InlineData("StartTime = '2026-03-01T00:00:00Z'", 9, true)]
    [InlineData("StartTime > '2026-03-01T00:00:00Z'", 9, false)]
    [InlineData("StartTime = '1969-12-31T23:59:59.999999Z'", -1, true)]
    public void Times_compare_at_the_stores_microseconds(string query, long ticksAfterT0, bool matches)
    {
        var start = ticksAfterT0 >= 0 ? T0.AddTicks(ticksAfterT0) : DateTimeOffset.UnixEpoch.AddTicks(ticksAfterT0);
        var record = Record("at", Temporalio.Api.Enums.V1.WorkflowExecutionStatus.Running, start);
        Assert.Equal(matches, VisibilityQuery.Compile(query, TypeOf, count: false).Matches(record));
    }

    [Theory]
    [InlineData("CustomIntField = 5", "order-1")]
    [InlineData("CustomIntField > 4", "order-1,order-2")]
    [InlineData("CustomIntField < 0", "order-3")]
    [InlineData("CustomIntField >= -3", "order-1,order-2,order-3")]
    [InlineData("CustomIntField > 4.5", "order-1,order-2")]
    [InlineData("CustomIntField = 5.0", "order-1")]
    [InlineData("CustomIntField IN (5, 10.0)", "order-1,order-2")]
    [InlineData("CustomIntField BETWEEN -5 AND 5", "order-1,order-3")]
    [InlineData("CustomIntField != 5", "order-2,order-3")]
    [InlineData("CustomDoubleField > 1", "order-1")]
    [InlineData("CustomDoubleField <= 2.5", "order-1,order-3")]
    [InlineData("CustomDoubleField = 0.5e0", "order-3")]
    [InlineData("CustomBoolField = true", "order-1")]
    [InlineData("CustomBoolField = FALSE", "ship-1")]
    [InlineData("CustomBoolField != true", "ship-1")]
    [InlineData("HistoryLength = 5", "invoice-1,order-2,order-3")]
    [InlineData("HistoryLength IS NULL", "order-1,ship-1")]
    [InlineData("HistorySizeBytes > 100", "invoice-1,order-2,order-3")]
    [InlineData("StateTransitionCount >= 0", "invoice-1,order-2,order-3")]
    [InlineData("ExecutionDuration > '1h'", "invoice-1,order-2")]
    [InlineData("ExecutionDuration < '00:05:00'", "order-3")]
    [InlineData("ExecutionDuration = 60000000000", "order-3")]
    [InlineData("ExecutionDuration >= '2.5h'", "invoice-1")]
    [InlineData("ExecutionDuration < '1d'", "invoice-1,order-2,order-3")]
    public void Numbers_and_bools_compare_by_value_and_open_runs_have_no_history_facts(string query, string expected) =>
        Assert.Equal(expected, Matching(query));

    [Theory]
    [InlineData("CustomKeywordListField = 'red'", "order-1")]
    [InlineData("CustomKeywordListField = 'green'", "order-1")]
    [InlineData("CustomKeywordListField = 'Red'", "")]
    [InlineData("CustomKeywordListField != 'red'", "order-2")]
    [InlineData("CustomKeywordListField IN ('blue', 'purple')", "order-2")]
    [InlineData("CustomKeywordListField IN ('blue', 'red')", "order-1,order-2")]
    [InlineData("CustomKeywordListField NOT IN ('blue')", "order-1")]
    public void KeywordList_equals_means_contains(string query, string expected) => Assert.Equal(expected, Matching(query));

    [Theory]
    [InlineData("CustomTextField = 'fox'", "order-1")]
    [InlineData("CustomTextField = 'FOX'", "order-1")]
    [InlineData("CustomTextField = 'cat fox'", "order-1")]
    [InlineData("CustomTextField = 'cat dog'", "order-2")]
    [InlineData("CustomTextField = 'quick brown'", "order-1")]
    [InlineData("CustomTextField = 'all-day'", "order-2")]
    [InlineData("CustomTextField = 'day-all'", "")]
    [InlineData("CustomTextField = 'qui'", "")]
    [InlineData("CustomTextField != 'fox'", "order-2")]
    [InlineData("CustomStringField = 'fox'", "")]
    public void Text_is_full_text_any_word_case_folded(string query, string expected) => Assert.Equal(expected, Matching(query));

    [Theory]
    [InlineData("CustomKeywordField = 'vip'", "order-1")]
    [InlineData("CustomKeywordField != 'vip'", "order-2")]
    [InlineData("NOT CustomKeywordField = 'vip'", "order-2")]
    [InlineData("NOT (CustomKeywordField = 'vip')", "order-2")]
    [InlineData("CustomKeywordField = 'vip' OR CustomKeywordField != 'vip'", "order-1,order-2")]
    [InlineData("CustomKeywordField IS NULL", "invoice-1,order-3,ship-1")]
    [InlineData("CustomKeywordField IS NULL OR CustomKeywordField = 'vip'", "invoice-1,order-1,order-3,ship-1")]
    [InlineData("CustomKeywordField NOT IN ('vip')", "order-2")]
    [InlineData("NOT (CustomKeywordField = 'vip' AND WorkflowId = 'x')", "invoice-1,order-1,order-2,order-3,ship-1")]
    [InlineData("NOT (CustomKeywordField = 'vip' AND WorkflowId STARTS_WITH 'o')", "invoice-1,order-2,ship-1")]
    [InlineData("NOT (CustomKeywordField = 'x' OR WorkflowId = 'ship-1')", "order-1,order-2")]
    public void A_run_without_the_attribute_makes_a_comparison_unknown_as_in_SQL(string query, string expected) =>
        Assert.Equal(expected, Matching(query));

    [Theory]
    [InlineData("WorkflowId = 'order-1' OR WorkflowId = 'order-2' AND ExecutionStatus = 'Running'", "order-1")]
    [InlineData("(WorkflowId = 'order-1' OR WorkflowId = 'order-2') AND ExecutionStatus = 'Running'", "order-1")]
    [InlineData("(WorkflowId = 'order-1' OR WorkflowId = 'order-2') AND ExecutionStatus = 'Completed'", "order-2")]
    [InlineData("WorkflowId = 'ship-1' OR WorkflowId = 'order-2' AND ExecutionStatus = 'Completed'", "order-2,ship-1")]
    [InlineData("NOT WorkflowId = 'order-1' AND WorkflowType = 'OrderWorkflow'", "order-2,order-3")]
    [InlineData("NOT (WorkflowId = 'order-1' AND WorkflowType = 'OrderWorkflow')", "invoice-1,order-2,order-3,ship-1")]
    [InlineData("NOT NOT WorkflowId = 'order-1'", "order-1")]
    [InlineData("((((WorkflowId = 'order-1'))))", "order-1")]
    [InlineData("WorkflowId = 'order-1' || WorkflowId = 'ship-1'", "order-1,ship-1")]
    [InlineData("WorkflowType = 'OrderWorkflow' && ExecutionStatus = 'Running'", "order-1")]
    [InlineData("workflowtype = 'OrderWorkflow'", null)]
    [InlineData("WorkflowType = 'OrderWorkflow' and ExecutionStatus = 'Running' Or WorkflowId = 'ship-1'", "order-1,ship-1")]
    [InlineData("StartTime BETWEEN '2026-02-01T00:00:00Z' AND '2026-03-01T00:00:00Z' AND WorkflowType = 'OrderWorkflow'", "order-2,order-3")]
    [InlineData("WorkflowId = 'order-1' -- a comment\n OR WorkflowId = 'ship-1'", "order-1,ship-1")]
    [InlineData("WorkflowId = 'order-1' /* or not */ # and a comment to the end", "order-1")]
    [InlineData("WorkflowId = 'order-1';", "order-1")]
    public void AND_binds_tighter_than_OR_NOT_tighter_than_AND_and_parentheses_override(string query, string? expected)
    {
        if (expected is null)
        {
            // Names are case-sensitive, keywords are not.
            Assert.Equal("invalid query: invalid expression: column name 'workflowtype' is not a valid search attribute", Refusal(query));
            return;
        }
        Assert.Equal(expected, Matching(query));
    }

    [Theory]
    [InlineData("WorkflowId = 'it\\'s'", "it's")]
    [InlineData("WorkflowId = 'it''s'", "it's")]
    [InlineData("WorkflowId = \"say \\\"hi\\\"\"", "say \"hi\"")]
    [InlineData("WorkflowId = \"say \"\"hi\"\"\"", "say \"hi\"")]
    [InlineData("WorkflowId = 'tab\\there'", "tab\there")]
    [InlineData("WorkflowId = 'back\\\\slash'", "back\\slash")]
    [InlineData("WorkflowId = '\\%percent'", "%percent")]
    [InlineData("WorkflowId = '訂單-1'", "訂單-1")]
    [InlineData("WorkflowId = \"''quoted''\"", "quoted")]
    public void String_literals_take_single_or_double_quotes_and_backslash_escapes(string query, string workflowId)
    {
        var compiled = VisibilityQuery.Compile(query, TypeOf, count: false);
        Assert.True(compiled.Matches(Record(workflowId, Temporalio.Api.Enums.V1.WorkflowExecutionStatus.Running, T0)), query);
        Assert.False(compiled.Matches(Record(workflowId + "x", Temporalio.Api.Enums.V1.WorkflowExecutionStatus.Running, T0)), query);
    }

    [Fact]
    public void A_backquoted_name_may_hold_anything_and_double_its_backquotes()
    {
        var odd = Record("odd", Temporalio.Api.Enums.V1.WorkflowExecutionStatus.Running, T0, attributes: new()
        {
            ["My Field`s"] = Attribute("x", Temporalio.Api.Enums.V1.IndexedValueType.Keyword),
        });
        var compiled = VisibilityQuery.Compile("`My Field``s` = 'x'", name => name == "My Field`s" ? Temporalio.Api.Enums.V1.IndexedValueType.Keyword : TypeOf(name), count: false);
        Assert.True(compiled.Matches(odd));
    }

    [Theory]
    [InlineData("GROUP BY ExecutionStatus", "invoice-1,order-1,order-2,order-3,ship-1")]
    [InlineData("group by ExecutionStatus", "invoice-1,order-1,order-2,order-3,ship-1")]
    [InlineData("WorkflowType = 'OrderWorkflow' GROUP BY ExecutionStatus", "order-1,order-2,order-3")]
    [InlineData("WorkflowType = 'OrderWorkflow' group by `ExecutionStatus`", "order-1,order-2,order-3")]
    public void Count_takes_GROUP_BY_ExecutionStatus(string query, string expected)
    {
        Assert.Equal(expected, Matching(query, count: true));
        Assert.Equal(VisibilityQuery.ExecutionStatus, VisibilityQuery.Compile(query, TypeOf, count: true).GroupBy);
    }

    [Theory]
    // Names and operators
    [InlineData("Foo = 'x'", "invalid query: invalid expression: column name 'Foo' is not a valid search attribute")]
    [InlineData("`Foo Bar` = 'x'", "invalid query: invalid expression: column name 'Foo Bar' is not a valid search attribute")]
    [InlineData("WorkflowId LIKE 'order%'", "invalid query: invalid expression: invalid operator 'like' in `WorkflowId like 'order%'`")]
    [InlineData("WorkflowId NOT LIKE 'order%'", "invalid query: invalid expression: invalid operator 'not like' in `WorkflowId not like 'order%'`")]
    [InlineData("WorkflowId REGEXP 'o.*'", "invalid query: invalid expression: invalid operator 'regexp' in `WorkflowId regexp 'o.*'`")]
    [InlineData("WorkflowId <=> 'x'", "invalid query: invalid expression: invalid operator '<=>' in `WorkflowId <=> 'x'`")]
    [InlineData("WorkflowId = pending", "invalid query: operation is not supported: column name on the right side of comparison expression (did you forget to quote 'pending'?)")]
    [InlineData("WorkflowId = order", "invalid query: malformed SQL query: syntax error at position 46 near 'order'")]
    [InlineData("WorkflowId", "invalid query: invalid expression: incomplete expression")]
    [InlineData("WorkflowId AND ExecutionStatus = 'Running'", "invalid query: invalid expression: incomplete expression")]
    [InlineData("'order-1' = WorkflowId", "invalid query: invalid expression: must be a column name but was *sqlparser.SQLVal")]
    [InlineData("1", "invalid query: operation is not supported: expression of type *sqlparser.SQLVal")]
    [InlineData("lower(WorkflowId) = 'x'", "invalid query: invalid expression: must be a column name but was *sqlparser.FuncExpr")]
    [InlineData("WorkflowId = lower('X')", "invalid query: operation is not supported: nested func")]
    [InlineData("WorkflowId = NULL", "invalid query: invalid expression: unexpected value type *sqlparser.NullVal")]
    [InlineData("WorkflowId IS TRUE", "invalid query: invalid expression: 'IS' operator can only be used with 'NULL' or 'NOT NULL'")]
    // Clauses
    [InlineData("ORDER BY StartTime", "invalid query: operation is not supported: 'ORDER BY' clause")]
    [InlineData("WorkflowId = 'x' ORDER BY StartTime DESC", "invalid query: operation is not supported: 'ORDER BY' clause")]
    [InlineData("WorkflowId = 'x' LIMIT 10", "invalid query: operation is not supported: 'LIMIT' clause")]
    [InlineData("GROUP BY ExecutionStatus", "invalid query: operation is not supported: 'GROUP BY' clause")]
    // Values
    [InlineData("StartTime > '2026-03-01'", "invalid query: invalid expression: unable to parse datetime '2026-03-01'")]
    [InlineData("StartTime > 'yesterday'", "invalid query: invalid expression: unable to parse datetime 'yesterday'")]
    [InlineData("StartTime > '2026-03-01 00:00:00Z'", "invalid query: invalid expression: unable to parse datetime '2026-03-01 00:00:00Z'")]
    [InlineData("StartTime > '2026-02-30T00:00:00Z'", "invalid query: invalid expression: unable to parse datetime '2026-02-30T00:00:00Z'")]
    [InlineData("StartTime > 1.5", "invalid query: invalid expression: unexpected value type float64 for search attribute StartTime")]
    [InlineData("ExecutionStatus = 'running'", "invalid query: invalid expression: invalid ExecutionStatus value 'running'")]
    [InlineData("ExecutionStatus = 'Done'", "invalid query: invalid expression: invalid ExecutionStatus value 'Done'")]
    [InlineData("ExecutionStatus = 1.5", "invalid query: invalid expression: unexpected value type float64 for search attribute ExecutionStatus")]
    [InlineData("CustomIntField = 'five'", "invalid query: invalid expression: invalid value type for search attribute CustomIntField of type Int: \"five\" (type: string)")]
    [InlineData("CustomIntField = true", "invalid query: invalid expression: invalid value type for search attribute CustomIntField of type Int: true (type: bool)")]
    [InlineData("CustomKeywordField = 5", "invalid query: invalid expression: invalid value type for search attribute CustomKeywordField of type Keyword: 5 (type: int64)")]
    [InlineData("CustomBoolField = 1", "invalid query: invalid expression: invalid value type for search attribute CustomBoolField of type Bool: 1 (type: int64)")]
    [InlineData("CustomKeywordListField IN ('a', 2)", "invalid query: invalid expression: invalid value type for search attribute CustomKeywordListField of type KeywordList: 2 (type: int64)")]
    [InlineData("ExecutionDuration > '5 minutes'", "invalid query: invalid value for search attribute ExecutionDuration: 5 minutes (invalid duration)")]
    [InlineData("ExecutionDuration > '1:75:00'", "invalid query: invalid value for search attribute ExecutionDuration: 1:75:00 (invalid duration: minutes must be from 0 to 59)")]
    [InlineData("WorkflowId = 0x1F", "invalid expression: unable to parse 0x1F")]
    [InlineData("CustomIntField = 99999999999999999999999999999999999999999999999999e999", "invalid expression: unable to parse 99999999999999999999999999999999999999999999999999e999")]
    // Operators by type
    [InlineData("CustomBoolField BETWEEN true AND false", "invalid query: invalid expression: cannot do range condition on search attribute 'CustomBoolField' of type Bool")]
    [InlineData("CustomTextField BETWEEN 'a' AND 'b'", "invalid query: invalid expression: cannot do range condition on search attribute 'CustomTextField' of type Text")]
    [InlineData("CustomKeywordListField STARTS_WITH 'r'", "invalid query: invalid expression: operator 'starts_with' not supported for KeywordList type search attribute in `CustomKeywordListField starts_with 'r'`")]
    [InlineData("CustomKeywordListField > 'r'", "invalid query: invalid expression: operator '>' not supported for KeywordList type search attribute in `CustomKeywordListField > 'r'`")]
    [InlineData("CustomTextField IN ('fox')", "invalid query: invalid expression: operator 'in' not supported for Text type search attribute in `CustomTextField in ('fox')`")]
    [InlineData("CustomTextField < 'fox'", "invalid query: invalid expression: operator '<' not supported for Text type search attribute in `CustomTextField < 'fox'`")]
    [InlineData("CustomTextField = '   '", "invalid query: invalid expression: unexpected value for Text type search attribute (no tokens found in '   ')")]
    [InlineData("CustomIntField STARTS_WITH '5'", "invalid query: invalid expression: invalid value type for search attribute CustomIntField of type Int: \"5\" (type: string)")]
    [InlineData("CustomIntField STARTS_WITH 5", "invalid query: invalid expression: right-hand side of 'starts_with' must be a literal string (got: 5)")]
    [InlineData("StartTime STARTS_WITH '2026-03-01T00:00:00Z'", "invalid query: invalid expression: right-hand side of 'starts_with' must be a literal string (got: 1772323200000000)")]
    public void What_the_server_refuses_is_refused_in_its_words(string query, string message) => Assert.Equal(message, Refusal(query));

    [Theory]
    [InlineData("WorkflowId = 'x' ExecutionStatus = 'Running'", "invalid query: malformed SQL query: syntax error at position 60 near 'ExecutionStatus'")]
    [InlineData("WorkflowId = 'x' AND", "invalid query: malformed SQL query: syntax error at position 48")]
    [InlineData("WorkflowId =", "invalid query: malformed SQL query: syntax error at position 40")]
    [InlineData("WorkflowId = 'x", "invalid query: malformed SQL query: syntax error at position 43 near 'x'")]
    [InlineData("WorkflowId = 'x' )", "invalid query: malformed SQL query: syntax error at position 46")]
    [InlineData("(WorkflowId = 'x'", "invalid query: malformed SQL query: syntax error at position 45")]
    [InlineData("WorkflowId IN ()", "invalid query: malformed SQL query: syntax error at position 44")]
    [InlineData("WorkflowId IN 'x'", "invalid query: malformed SQL query: syntax error at position 45 near 'x'")]
    [InlineData("WorkflowId = 'x' garbage", "invalid query: malformed SQL query: syntax error at position 52 near 'garbage'")]
    [InlineData("WorkflowId = 'x' AND AND", "invalid query: malformed SQL query: syntax error at position 52 near 'and'")]
    [InlineData("WorkflowId == 'x'", "invalid query: malformed SQL query: syntax error at position 41")]
    [InlineData("WorkflowId = 'x' $", "invalid query: malformed SQL query: syntax error at position 46 near '$'")]
    [InlineData("WorkflowId = 1abc", "invalid query: malformed SQL query: syntax error at position 42 near '1'")]
    [InlineData("where WorkflowId = 'x'", "invalid query: malformed SQL query: syntax error at position 33 near 'where'")]
    [InlineData("WorkflowId IS 'x'", "invalid query: malformed SQL query: syntax error at position 45 near 'x'")]
    [InlineData("WorkflowId BETWEEN 'a' 'b'", "invalid query: malformed SQL query: syntax error at position 54 near 'b'")]
    [InlineData("`` = 'x'", "invalid query: malformed SQL query: syntax error at position 30 near ''")]
    [InlineData("WorkflowId = 'x' /* unterminated", "invalid query: malformed SQL query: syntax error at position 60 near '/* unterminated'")]
    [InlineData("GROUP BY", "invalid query: malformed SQL query: syntax error at position 30")]
    public void Malformed_queries_are_syntax_errors_at_the_servers_position(string query, string message) =>
        Assert.Equal(message, Refusal(query));

    [Theory]
    [InlineData("WorkflowId = 'x' GROUP BY ExecutionStatus, WorkflowType", "invalid query: operation is not supported: 'GROUP BY' clause supports only a single field")]
    [InlineData("GROUP BY WorkflowType", "invalid query: operation is not supported: 'GROUP BY' clause is not supported for search attribute WorkflowType")]
    [InlineData("GROUP BY CustomKeywordField", "invalid query: operation is not supported: 'GROUP BY' clause is not supported for search attribute CustomKeywordField")]
    [InlineData("GROUP BY Nope", "invalid query: invalid expression: column name 'Nope' is not a valid search attribute")]
    [InlineData("GROUP BY 1", "invalid query: invalid expression: must be a column name but was *sqlparser.SQLVal")]
    [InlineData("Nope = 'x' GROUP BY ExecutionStatus", "invalid query: invalid expression: column name 'Nope' is not a valid search attribute")]
    public void Count_groups_by_ExecutionStatus_only(string query, string message) => Assert.Equal(message, Refusal(query, count: true));

    [Fact]
    public void Parentheses_nest_at_most_199_deep()
    {
        var deep = new string('(', 199) + "WorkflowId = 'order-1'" + new string(')', 199);
        Assert.Equal("order-1", Matching(deep));

        var deeper = new string('(', 200) + "WorkflowId = 'order-1'" + new string(')', 200);
        Assert.Equal("invalid query: malformed SQL query: max nesting level reached at position 228", Refusal(deeper));

        var nots = string.Concat(Enumerable.Repeat("NOT ", 250)) + "WorkflowId = 'order-1'";
        Assert.StartsWith("invalid query: malformed SQL query: max nesting level reached at position", Refusal(nots));
    }

    [Fact]
    public void A_chain_of_a_thousand_conditions_is_too_deep_as_for_the_server_but_a_long_IN_list_is_fine()
    {
        var chain = string.Join(" OR ", Enumerable.Range(0, 990).Select(i => $"WorkflowId = 'w{i}'"));
        Assert.Equal("", Matching(chain));
        var longer = string.Join(" OR ", Enumerable.Range(0, 1000).Select(i => $"WorkflowId = 'w{i}'"));
        Assert.Equal("invalid query: malformed SQL query: max ast depth reached", Refusal(longer));

        var ids = string.Join(", ", Enumerable.Range(0, 50_000).Select(i => $"'order-{i}'"));
        Assert.Equal("order-1,order-2,order-3", Matching($"WorkflowId IN ({ids})"));
    }

    [Fact]
    public void Unknown_search_attribute_types_come_from_the_namespace()
    {
        var custom = Record("custom", Temporalio.Api.Enums.V1.WorkflowExecutionStatus.Running, T0, attributes: new()
        {
            ["Priority"] = Attribute(3, Temporalio.Api.Enums.V1.IndexedValueType.Int),
        });
        Temporalio.Api.Enums.V1.IndexedValueType? WithPriority(string name) => name == "Priority" ? Temporalio.Api.Enums.V1.IndexedValueType.Int : TypeOf(name);

        Assert.True(VisibilityQuery.Compile("Priority >= 3", WithPriority, count: false).Matches(custom));
        Assert.Equal("invalid query: invalid expression: column name 'Priority' is not a valid search attribute", Refusal("Priority >= 3"));
    }
}
