using System.Text;

namespace Orrery.Generate.Tests.ClickHouse;

/// <summary>
/// Reads back ClickHouse TabSeparated rows as ClickHouse does (an independent reader for the
/// tests): fields split on tabs, backslash escapes undone, arrays parsed from their literal syntax.
/// </summary>
internal static class TsvReader
{
    public static List<Dictionary<string, string>> Rows(byte[] tsv, string columns)
    {
        var names = columns.Split(',', StringSplitOptions.TrimEntries);
        var rows = new List<Dictionary<string, string>>();
        var text = Encoding.UTF8.GetString(tsv);
        Assert.EndsWith("\n", text, StringComparison.Ordinal);
        foreach (var line in text[..^1].Split('\n'))
        {
            var fields = line.Split('\t');
            Assert.Equal(names.Length, fields.Length);
            rows.Add(names.Zip(fields).ToDictionary(p => p.First, p => p.Second));
        }
        return rows;
    }

    /// <summary>A plain field's value.</summary>
    public static string Unescape(string field)
    {
        var result = new StringBuilder();
        for (var i = 0; i < field.Length; i++)
        {
            if (field[i] != '\\') { result.Append(field[i]); continue; }
            i++;
            result.Append(field[i] switch { 't' => '\t', 'n' => '\n', 'r' => '\r', '0' => '\0', var c => c });
        }
        return result.ToString();
    }

    /// <summary>An Array(String) or Array(number) literal: ['a','b\'c'] or [1,2].</summary>
    public static List<string> Array(string field)
    {
        var items = new List<string>();
        Assert.StartsWith("[", field, StringComparison.Ordinal);
        Assert.EndsWith("]", field, StringComparison.Ordinal);
        var i = 1;
        while (i < field.Length - 1)
        {
            if (field[i] == '\'')
            {
                var item = new StringBuilder();
                for (i++; field[i] != '\''; i++)
                {
                    if (field[i] != '\\') { item.Append(field[i]); continue; }
                    i++;
                    item.Append(field[i] switch { 't' => '\t', 'n' => '\n', 'r' => '\r', '0' => '\0', var c => c });
                }
                items.Add(item.ToString());
                i++;
            }
            else
            {
                var end = field.IndexOfAny([',', ']'], i);
                items.Add(field[i..end]);
                i = end;
            }
            if (field[i] == ',') i++;
        }
        return items;
    }

    /// <summary>An Array(Array(String)) literal: [['a'],[]].</summary>
    public static List<List<string>> Arrays(string field)
    {
        var result = new List<List<string>>();
        var inner = field[1..^1];
        var depth = 0;
        var start = 0;
        var quoted = false;
        for (var i = 0; i < inner.Length; i++)
        {
            var c = inner[i];
            if (c == '\\') { i++; continue; }
            if (c == '\'') quoted = !quoted;
            if (quoted) continue;
            if (c == '[' && depth++ == 0) start = i;
            if (c == ']' && --depth == 0) result.Add(Array(inner[start..(i + 1)]));
        }
        return result;
    }
}
