using System.Text;

namespace Hourglass.Backends.Mock.Visibility;

/// <summary>
/// A recursive-descent parser for the visibility query language: the WHERE clause of the SQL
/// statement the server builds around the query, and the GROUP BY, ORDER BY and LIMIT clauses
/// that may follow (temporalio/temporal <c>store/sql/query_converter_legacy.go</c>
/// <c>convertWhereString</c>; the grammar and precedence of temporalio/sqlparser <c>sql.y</c>).
/// </summary>
/// <remarks>
/// Precedence, lowest first: OR (<c>||</c>), AND (<c>&amp;&amp;</c>), NOT, then the comparisons,
/// IN, STARTS_WITH, BETWEEN … AND …, IS [NOT] NULL. Syntax errors read as the server's:
/// <c>malformed SQL query: syntax error at position N near 'x'</c>, N counted in bytes of the
/// statement the server parses (<c>select * from table1 where </c> and the trimmed query).
/// Parentheses and NOT nest at most 199 deep, the tree at most 999 (sqlparser's
/// <c>max nesting level reached</c> and <c>max ast depth reached</c>), so a hostile query cannot
/// exhaust the stack.
/// </remarks>
internal sealed class QueryParser
{
    private const string WherePrefix = "select * from table1 where ";
    private const string BarePrefix = "select * from table1 ";
    private const int MaxNesting = 200;
    private const int MaxAstDepth = 1000;

    private readonly QueryLexer _lexer;
    private readonly int _offset;
    private QueryToken _token;
    private int _nesting;

    private QueryParser(byte[] query, int offset)
    {
        _lexer = new QueryLexer(query);
        _offset = offset;
        _token = _lexer.Next();
    }

    /// <summary>Parses <paramref name="query"/>; a <see cref="VisibilityQueryException"/> for what the server's parser refuses.</summary>
    public static ParsedQuery Parse(string query)
    {
        var trimmed = query.Trim();
        if (trimmed.Length == 0) return new ParsedQuery(null, [], false, false);
        var lowered = trimmed.ToLowerInvariant();
        var bare = lowered.StartsWith("order by", StringComparison.Ordinal) || lowered.StartsWith("group by", StringComparison.Ordinal);
        var parser = new QueryParser(Encoding.UTF8.GetBytes(trimmed), Encoding.UTF8.GetByteCount(bare ? BarePrefix : WherePrefix));
        return parser.Statement(hasWhere: !bare);
    }

    private ParsedQuery Statement(bool hasWhere)
    {
        var where = hasWhere ? Or() : null;
        var groupBy = new List<QueryOperand>();
        if (_token.Is("group"))
        {
            Advance();
            Expect("by");
            do groupBy.Add(Operand()); while (Accept(","));
        }
        var orderBy = false;
        if (_token.Is("order"))
        {
            Advance();
            Expect("by");
            orderBy = true;
            do
            {
                Operand();
                if (_token.Is("asc") || _token.Is("desc")) Advance();
            }
            while (Accept(","));
        }
        var limit = false;
        if (_token.Is("limit"))
        {
            Advance();
            limit = true;
            Operand();
            if (Accept(",") || _token.Is("offset"))
            {
                if (_token.Is("offset")) Advance();
                Operand();
            }
        }
        Accept(";");
        if (_token.Kind != QueryTokenKind.End) throw SyntaxError();
        if (where is not null && Depth(where, 2) >= MaxAstDepth) throw new VisibilityQueryException("malformed SQL query: max ast depth reached");
        return new ParsedQuery(where, groupBy, orderBy, limit);
    }

    private QueryCondition Or()
    {
        var first = And();
        if (!_token.Is("or")) return first;
        var items = new List<QueryCondition> { first };
        while (_token.Is("or"))
        {
            Advance();
            items.Add(And());
        }
        return new OrCondition(items);
    }

    private QueryCondition And()
    {
        var first = Not();
        if (!_token.Is("and")) return first;
        var items = new List<QueryCondition> { first };
        while (_token.Is("and"))
        {
            Advance();
            items.Add(Not());
        }
        return new AndCondition(items);
    }

    private QueryCondition Not()
    {
        if (!_token.Is("not")) return Predicate();
        Nest();
        Advance();
        var inner = Not();
        _nesting--;
        return new NotCondition(inner);
    }

    private QueryCondition Predicate()
    {
        if (_token.IsSymbol("("))
        {
            Nest();
            Advance();
            var inner = Or();
            Close();
            return new ParenCondition(inner);
        }

        var left = Operand();
        var negated = false;
        if (_token.Is("not"))
        {
            Advance();
            negated = true;
            if (!(_token.Is("in") || _token.Is("like") || _token.Is("regexp") || _token.Is("rlike")
                  || _token.Is("starts_with") || _token.Is("between")))
                throw SyntaxError();
        }
        var not = negated ? "not " : "";

        if (_token.Kind == QueryTokenKind.Symbol && !negated && _token.Text is "=" or "<" or ">" or "<=" or ">=" or "!=" or "<=>")
        {
            var op = _token.Text;
            Advance();
            return new ComparisonCondition(left, op, Operand());
        }
        if (_token.Is("in"))
        {
            Advance();
            if (!_token.IsSymbol("(")) throw SyntaxError();
            return new ComparisonCondition(left, not + "in", Tuple());
        }
        if (_token.Is("like") || _token.Is("regexp") || _token.Is("rlike") || _token.Is("starts_with"))
        {
            var op = _token.Text == "rlike" ? "regexp" : _token.Text;
            Advance();
            var right = Operand();
            if (op == "like" && _token.Is("escape"))
            {
                Advance();
                Operand();
            }
            return new ComparisonCondition(left, not + op, right);
        }
        if (_token.Is("between"))
        {
            Advance();
            var from = Operand();
            Expect("and");
            return new RangeCondition(left, negated, from, Operand());
        }
        if (_token.Is("is") && !negated)
        {
            Advance();
            var isNot = Accept("not");
            var what = _token.Is("null") ? "null" : _token.Is("true") ? "true" : _token.Is("false") ? "false" : null;
            if (what is null) throw SyntaxError();
            Advance();
            return new IsCondition(left, isNot ? "is not " + what : "is " + what);
        }
        if (negated) throw SyntaxError();
        return new OperandCondition(left);
    }

    // A value expression: a column, a literal (a number may carry a minus), TRUE, FALSE, NULL, a function call.
    private QueryOperand Operand()
    {
        var token = _token;
        switch (token.Kind)
        {
            case QueryTokenKind.Identifier:
                Advance();
                if (_token.IsSymbol("("))
                {
                    Skip();
                    return new FunctionOperand(token.Text);
                }
                return new ColumnOperand(token.Text);
            case QueryTokenKind.String:
                Advance();
                return new LiteralOperand(LiteralKind.String, token.Text);
            case QueryTokenKind.Integer:
                Advance();
                return new LiteralOperand(LiteralKind.Integer, token.Text);
            case QueryTokenKind.Float:
                Advance();
                return new LiteralOperand(LiteralKind.Float, token.Text);
            case QueryTokenKind.HexNumber:
                Advance();
                return new LiteralOperand(LiteralKind.Hex, token.Text);
            case QueryTokenKind.Keyword when token.Text is "true" or "false":
                Advance();
                return new BoolOperand(token.Text == "true");
            case QueryTokenKind.Keyword when token.Text == "null":
                Advance();
                return new NullOperand();
            case QueryTokenKind.Symbol when token.Text == "-":
                Advance();
                if (_token.Kind is QueryTokenKind.Integer or QueryTokenKind.Float)
                {
                    var number = _token;
                    Advance();
                    return new LiteralOperand(number.Kind == QueryTokenKind.Integer ? LiteralKind.Integer : LiteralKind.Float, "-" + number.Text);
                }
                throw SyntaxError();
            default:
                throw SyntaxError();
        }
    }

    // ( value, value, … ): at least one.
    private TupleOperand Tuple()
    {
        Nest();
        Advance();
        var items = new List<QueryOperand>();
        do items.Add(Operand()); while (Accept(","));
        Close();
        return new TupleOperand(items);
    }

    // A function's arguments, balanced parentheses and all: the converter refuses any function anyway.
    private void Skip()
    {
        var depth = 0;
        do
        {
            if (_token.IsSymbol("(")) depth++;
            else if (_token.IsSymbol(")")) depth--;
            else if (_token.Kind == QueryTokenKind.End) throw SyntaxError();
            Advance();
        }
        while (depth > 0);
    }

    private void Nest()
    {
        if (++_nesting == MaxNesting)
            throw new VisibilityQueryException($"malformed SQL query: max nesting level reached at position {_offset + _token.End + 1}");
    }

    private void Close()
    {
        if (!_token.IsSymbol(")")) throw SyntaxError();
        _nesting--;
        Advance();
    }

    private void Advance()
    {
        if (_token.Kind == QueryTokenKind.Error) throw SyntaxError();
        _token = _lexer.Next();
        if (_token.Kind == QueryTokenKind.Error) throw SyntaxError();
    }

    private bool Accept(string keywordOrSymbol)
    {
        if (!(_token.Is(keywordOrSymbol) || _token.IsSymbol(keywordOrSymbol))) return false;
        Advance();
        return true;
    }

    private void Expect(string keyword)
    {
        if (!_token.Is(keyword)) throw SyntaxError();
        Advance();
    }

    // sqlparser's Tokenizer.Error: the position is one past the token it stopped at, counted in the
    // whole statement; "near" quotes that token's value when it has one.
    private VisibilityQueryException SyntaxError()
    {
        var position = _offset + _token.End + 1;
        return new VisibilityQueryException(_token.HasValue
            ? $"malformed SQL query: syntax error at position {position} near '{_token.Text}'"
            : $"malformed SQL query: syntax error at position {position}");
    }

    // The depth sqlparser's checkASTDepth measures: a binary tree (a chain of n ANDs is n-1 deep),
    // each comparison three levels above its deepest leaf (the column's identifiers).
    private static int Depth(QueryCondition condition, int depth) => condition switch
    {
        OrCondition or => ChainDepth(or.Items, depth),
        AndCondition and => ChainDepth(and.Items, depth),
        NotCondition not => Depth(not.Inner, depth + 1),
        ParenCondition paren => Depth(paren.Inner, depth + 1),
        _ => depth + 3,
    };

    private static int ChainDepth(IReadOnlyList<QueryCondition> items, int depth)
    {
        // ((a AND b) AND c) AND d: d sits one below the top, a as deep as the chain is long.
        var deepest = 0;
        for (var i = 0; i < items.Count; i++)
        {
            var level = depth + (i == 0 ? items.Count - 1 : items.Count - i);
            deepest = Math.Max(deepest, Depth(items[i], level));
            if (deepest >= MaxAstDepth) break;
        }
        return deepest;
    }
}
