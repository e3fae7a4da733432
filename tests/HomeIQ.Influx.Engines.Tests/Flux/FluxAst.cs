using System.Text.Json;

namespace HomeIQ.Influx.Engines.Tests.Flux;

/// <summary>Reads libflux ASTs (JSON without <c>location</c> members): literals, the pipe chain, and node-by-node differences.</summary>
public static class FluxAst
{
    /// <summary>Every node of the given literal types (e.g. <c>StringLiteral</c>, <c>RegexpLiteral</c>) with its path.</summary>
    public static IReadOnlyList<(string Path, JsonElement Node)> Nodes(JsonElement ast, params string[] types)
    {
        var found = new List<(string, JsonElement)>();
        Walk(ast, "$", (path, node) =>
        {
            if (node.ValueKind == JsonValueKind.Object && node.TryGetProperty("type", out var type) && types.Contains(type.GetString())) found.Add((path, node));
        });
        return found;
    }

    /// <summary>The values of every string and regular-expression literal.</summary>
    public static IReadOnlyList<string> StringAndRegexValues(JsonElement ast) =>
        Nodes(ast, "StringLiteral", "RegexpLiteral").Select(n => n.Node.GetProperty("value").GetString() ?? "").ToArray();

    /// <summary>
    /// The functions of the pipe chain in order, e.g. <c>from, range, filter, pivot, sort</c>, for a text that is one
    /// pipe expression (every query text this library builds).
    /// </summary>
    public static IReadOnlyList<string> PipeCalls(JsonElement ast)
    {
        var body = ast.GetProperty("body");
        if (body.GetArrayLength() != 1) throw new InvalidOperationException($"Expected one statement, found {body.GetArrayLength()}.");
        var expression = body[0].GetProperty("expression");
        var calls = new List<string>();
        while (expression.GetProperty("type").GetString() == "PipeExpression")
        {
            calls.Add(expression.GetProperty("call").GetProperty("callee").GetProperty("name").GetString()!);
            expression = expression.GetProperty("argument");
        }
        calls.Add(expression.GetProperty("callee").GetProperty("name").GetString()!);
        calls.Reverse();
        return calls;
    }

    /// <summary>The pipe chain's call expressions in order (the first is <c>from(...)</c>).</summary>
    public static IReadOnlyList<JsonElement> PipeCallNodes(JsonElement ast)
    {
        var expression = ast.GetProperty("body")[0].GetProperty("expression");
        var calls = new List<JsonElement>();
        while (expression.GetProperty("type").GetString() == "PipeExpression")
        {
            calls.Add(expression.GetProperty("call"));
            expression = expression.GetProperty("argument");
        }
        calls.Add(expression);
        calls.Reverse();
        return calls;
    }

    /// <summary>The value of the named argument of a call expression (<c>f(name: value)</c>), if present.</summary>
    public static JsonElement? Argument(JsonElement call, string name)
    {
        foreach (var argument in call.GetProperty("arguments").EnumerateArray())
            foreach (var property in argument.GetProperty("properties").EnumerateArray())
                if (property.GetProperty("key").GetProperty("name").GetString() == name) return property.GetProperty("value");
        return null;
    }

    /// <summary>The paths at which two ASTs differ (a member missing on one side, a different kind, length or scalar).</summary>
    public static IReadOnlyList<string> Differences(JsonElement a, JsonElement b)
    {
        var differences = new List<string>();
        Compare(a, b, "$", differences);
        return differences;
    }

    private static void Compare(JsonElement a, JsonElement b, string path, List<string> differences)
    {
        if (a.ValueKind != b.ValueKind)
        {
            differences.Add(path);
            return;
        }
        switch (a.ValueKind)
        {
            case JsonValueKind.Object:
                var aNames = a.EnumerateObject().Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
                var bNames = b.EnumerateObject().Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
                foreach (var name in aNames.Union(bNames))
                {
                    if (!aNames.Contains(name) || !bNames.Contains(name)) differences.Add(path + "." + name);
                    else Compare(a.GetProperty(name), b.GetProperty(name), path + "." + name, differences);
                }
                break;
            case JsonValueKind.Array:
                if (a.GetArrayLength() != b.GetArrayLength())
                {
                    differences.Add(path);
                    return;
                }
                for (int i = 0; i < a.GetArrayLength(); i++) Compare(a[i], b[i], $"{path}[{i}]", differences);
                break;
            case JsonValueKind.String:
                if (!string.Equals(a.GetString(), b.GetString(), StringComparison.Ordinal)) differences.Add(path);
                break;
            default:
                if (a.GetRawText() != b.GetRawText()) differences.Add(path);
                break;
        }
    }

    private static void Walk(JsonElement node, string path, Action<string, JsonElement> visit)
    {
        visit(path, node);
        if (node.ValueKind == JsonValueKind.Object)
            foreach (var property in node.EnumerateObject()) Walk(property.Value, path + "." + property.Name, visit);
        else if (node.ValueKind == JsonValueKind.Array)
        {
            int i = 0;
            foreach (var item in node.EnumerateArray()) Walk(item, $"{path}[{i++}]", visit);
        }
    }
}
