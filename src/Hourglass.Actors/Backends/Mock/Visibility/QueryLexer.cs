using System.Text;

namespace Hourglass.Backends.Mock.Visibility;

/// <summary>
/// Splits a visibility query into tokens the way the Temporal server's SQL parser does
/// (temporalio/sqlparser <c>token.go</c>, a vitess fork): over UTF-8 bytes; names of ASCII letters,
/// digits, <c>_</c> and <c>@</c> or in backquotes (<c>``</c> for a backquote); keywords in any
/// case; strings in <c>'…'</c> or <c>"…"</c> with backslash escapes and a doubled delimiter;
/// <c>&lt;&gt;</c> as <c>!=</c>, <c>&amp;&amp;</c> as AND, <c>||</c> as OR; <c>--</c>, <c>#</c> and
/// <c>/* */</c> comments skipped.
/// </summary>
internal sealed class QueryLexer(byte[] query)
{
    // The words the server's grammar reserves that a visibility query can run into; a name spelled
    // like one of them must be backquoted (sqlparser formats such names with backquotes too).
    private static readonly HashSet<string> Reserved = new(StringComparer.Ordinal)
    {
        "all", "and", "as", "asc", "between", "binary", "by", "case", "collate", "desc", "distinct", "div",
        "else", "end", "escape", "exists", "false", "for", "from", "group", "having", "in", "interval", "into",
        "is", "join", "like", "limit", "mod", "not", "null", "offset", "on", "or", "order", "regexp", "rlike",
        "select", "set", "starts_with", "then", "true", "union", "using", "values", "when", "where", "xor",
    };

    private int _position;

    /// <summary>True when <paramref name="word"/> (lower case) is reserved and a name spelled so needs backquotes.</summary>
    public static bool IsReserved(string word) => Reserved.Contains(word);

    /// <summary>The next token; <see cref="QueryTokenKind.End"/> at the end, again and again.</summary>
    public QueryToken Next()
    {
        while (true)
        {
            SkipBlank();
            if (_position >= query.Length) return new QueryToken(QueryTokenKind.End, "", query.Length, query.Length, false);
            var start = _position;
            var c = query[_position];
            if (IsLetter(c)) return Word(start);
            if (IsDigit(c)) return Number(start);
            if (c == '.' && _position + 1 < query.Length && IsDigit(query[_position + 1])) return Number(start);
            _position++;
            switch (c)
            {
                case (byte)'=' or (byte)',' or (byte)';' or (byte)'(' or (byte)')' or (byte)'+' or (byte)'*' or (byte)'%'
                    or (byte)'^' or (byte)'~' or (byte)'.' or (byte)'?' or (byte)':':
                    return Symbol(start, ((char)c).ToString());
                case (byte)'&':
                    return Peek('&') ? Keyword(start, "and") : Symbol(start, "&");
                case (byte)'|':
                    return Peek('|') ? Keyword(start, "or") : Symbol(start, "|");
                case (byte)'<':
                    if (Peek('>')) return Symbol(start, "!=");
                    if (Peek('<')) return Symbol(start, "<<");
                    if (Peek('=')) return Peek('>') ? Symbol(start, "<=>") : Symbol(start, "<=");
                    return Symbol(start, "<");
                case (byte)'>':
                    if (Peek('=')) return Symbol(start, ">=");
                    if (Peek('>')) return Symbol(start, ">>");
                    return Symbol(start, ">");
                case (byte)'!':
                    return Peek('=') ? Symbol(start, "!=") : Symbol(start, "!");
                case (byte)'-':
                    if (Peek('-'))
                    {
                        SkipLine();
                        continue;
                    }
                    return Symbol(start, "-");
                case (byte)'#':
                    SkipLine();
                    continue;
                case (byte)'/':
                    if (Peek('*'))
                    {
                        if (!SkipBlockComment()) return Error(start, Encoding.UTF8.GetString(query, start, _position - start));
                        continue;
                    }
                    return Symbol(start, "/");
                case (byte)'\'' or (byte)'"':
                    return String(start, c);
                case (byte)'`':
                    return QuotedName(start);
                default:
                    // A byte no token starts with; a multi-byte character is quoted whole.
                    while (_position < query.Length && (query[_position] & 0xC0) == 0x80) _position++;
                    return Error(start, Encoding.UTF8.GetString(query, start, _position - start));
            }
        }
    }

    private QueryToken Word(int start)
    {
        while (_position < query.Length && (IsLetter(query[_position]) || IsDigit(query[_position]))) _position++;
        var text = Encoding.ASCII.GetString(query, start, _position - start);
        var lowered = text.ToLowerInvariant();
        return Reserved.Contains(lowered)
            ? new QueryToken(QueryTokenKind.Keyword, lowered, start, _position, true)
            : new QueryToken(QueryTokenKind.Identifier, text, start, _position, true);
    }

    // Digits, an optional fraction and exponent, or 0x and hex digits; a letter right after is an error.
    private QueryToken Number(int start)
    {
        var kind = QueryTokenKind.Integer;
        if (query[_position] == '0' && _position + 1 < query.Length && query[_position + 1] is (byte)'x' or (byte)'X')
        {
            _position += 2;
            while (_position < query.Length && IsHexDigit(query[_position])) _position++;
            kind = QueryTokenKind.HexNumber;
        }
        else
        {
            SkipDigits();
            if (_position < query.Length && query[_position] == '.')
            {
                kind = QueryTokenKind.Float;
                _position++;
                SkipDigits();
            }
            if (_position < query.Length && query[_position] is (byte)'e' or (byte)'E')
            {
                kind = QueryTokenKind.Float;
                _position++;
                if (_position < query.Length && query[_position] is (byte)'+' or (byte)'-') _position++;
                SkipDigits();
            }
        }
        var text = Encoding.ASCII.GetString(query, start, _position - start);
        if (_position < query.Length && IsLetter(query[_position])) return Error(start, text);
        return new QueryToken(kind, text, start, _position, true);
    }

    // After the opening delimiter: up to the closing one, decoding \x escapes and a doubled delimiter.
    private QueryToken String(int start, byte delimiter)
    {
        var value = new List<byte>();
        while (true)
        {
            if (_position >= query.Length) return Error(start, Encoding.UTF8.GetString(value.ToArray()));
            var c = query[_position++];
            if (c == '\\')
            {
                if (_position >= query.Length) return Error(start, Encoding.UTF8.GetString(value.ToArray()));
                value.Add(Unescape(query[_position++]));
                continue;
            }
            if (c == delimiter)
            {
                if (_position < query.Length && query[_position] == delimiter)
                {
                    value.Add(delimiter);
                    _position++;
                    continue;
                }
                return new QueryToken(QueryTokenKind.String, Encoding.UTF8.GetString(value.ToArray()), start, _position, true);
            }
            value.Add(c);
        }
    }

    // After the opening backquote: a name with `` for a backquote; an empty or unterminated one is an error.
    private QueryToken QuotedName(int start)
    {
        var name = new List<byte>();
        while (true)
        {
            if (_position >= query.Length) return Error(start, Encoding.UTF8.GetString(name.ToArray()));
            var c = query[_position++];
            if (c == '`')
            {
                if (_position < query.Length && query[_position] == '`')
                {
                    name.Add((byte)'`');
                    _position++;
                    continue;
                }
                break;
            }
            name.Add(c);
        }
        return name.Count == 0
            ? Error(start, "")
            : new QueryToken(QueryTokenKind.Identifier, Encoding.UTF8.GetString(name.ToArray()), start, _position, true);
    }

    // sqltypes.SQLDecodeMap: \0 \b \n \r \t \Z and \' \" \\; any other escaped character stands for itself.
    private static byte Unescape(byte c) => c switch
    {
        (byte)'0' => 0,
        (byte)'b' => (byte)'\b',
        (byte)'n' => (byte)'\n',
        (byte)'r' => (byte)'\r',
        (byte)'t' => (byte)'\t',
        (byte)'Z' => 26,
        _ => c,
    };

    private bool Peek(char c)
    {
        if (_position >= query.Length || query[_position] != c) return false;
        _position++;
        return true;
    }

    private void SkipBlank()
    {
        while (_position < query.Length && query[_position] is (byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t') _position++;
    }

    private void SkipLine()
    {
        while (_position < query.Length && query[_position] != '\n') _position++;
        if (_position < query.Length) _position++;
    }

    private bool SkipBlockComment()
    {
        while (_position + 1 < query.Length)
        {
            if (query[_position] == '*' && query[_position + 1] == '/')
            {
                _position += 2;
                return true;
            }
            _position++;
        }
        _position = query.Length;
        return false;
    }

    private void SkipDigits()
    {
        while (_position < query.Length && IsDigit(query[_position])) _position++;
    }

    private QueryToken Symbol(int start, string text) => new(QueryTokenKind.Symbol, text, start, _position, false);

    private QueryToken Keyword(int start, string text) => new(QueryTokenKind.Keyword, text, start, _position, false);

    private QueryToken Error(int start, string text) => new(QueryTokenKind.Error, text, start, _position, true);

    private static bool IsLetter(byte c) => c is >= (byte)'a' and <= (byte)'z' or >= (byte)'A' and <= (byte)'Z' or (byte)'_' or (byte)'@';

    private static bool IsDigit(byte c) => c is >= (byte)'0' and <= (byte)'9';

    private static bool IsHexDigit(byte c) => IsDigit(c) || c is >= (byte)'a' and <= (byte)'f' or >= (byte)'A' and <= (byte)'F';
}
