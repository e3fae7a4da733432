using System.Globalization;
using System.Text;

namespace HomeIQ.Influx.Analyzers.Tests.Quality;

/// <summary>
/// Generates varied call sites for the fix-stress test: every payload (a piece of code each rule reports, in the shapes
/// users write) placed in every kind of surrounding code (instance and static methods, async or not, lambdas handed to
/// a request router or an event or a timer inside a constructor, local functions, constructors with loops, property
/// getters, expression bodies, nested types, partial classes split over two files, #if regions, top-level
/// statements), with varied names, comments and layout from a seeded random, so a failing run can be replayed.
/// </summary>
internal static class StressSites
{
    /// <summary>One generated project: its files (path, text) and how many call sites they hold.</summary>
    public sealed record Project(IReadOnlyList<(string Path, string Text)> Files, int Sites);

    // A payload: statements in a method body. {u} is a string (a URL), {r} a string (a room), {n} a unique number.
    private sealed record Payload(string Code, bool NeedsAsync = false, bool StatementOnly = false);

    private static readonly Payload[] Statements =
    [
        // HIQ001
        new("var c{n} = new InfluxDBClient({u}, Token);\nc{n}.GetQueryApi();"),
        new("IInfluxDBClient c{n} = new InfluxDBClient(Url, Token);\nc{n}.GetBucketsApi();"),
        new("var c{n} = new InfluxDBClient(Url, Token);\nc{n}.GetQueryApi();\nc{n}.Dispose();"),
        new("var w{n} = _client.CreateWriter<Reading>();\nawait w{n}.WriteAsync(new Reading(1));\nawait w{n}.FlushAsync();", NeedsAsync: true),
        new("var reader{n} = await _client.QueryInfluxQLAsync(\"SELECT * FROM t\");\nawait reader{n}.ReadAsync();", NeedsAsync: true),
        // HIQ002
        new("using var c{n} = new InfluxDBClient(Url, Token);\nc{n}.GetQueryApi();"),
        new("using var c{n} = new InfluxDBClient({u}, Token);\nc{n}.GetQueryApi();"),
        new("await using var c{n} = new InfluxClient(Options);\nawait c{n}.PingAsync();", NeedsAsync: true),
        new("using (var c{n} = new V3.InfluxDBClient(\"http://localhost:8181\", Token))\n{\n    c{n}.GetServerVersion();\n}"),
        new("var c{n} = new InfluxDBClient(Url, Token);\ntry { c{n}.GetQueryApi(); }\nfinally { c{n}.Dispose(); }"),
        new("await using var w{n} = new ReadingWriter(_client);\nawait w{n}.WriteAsync(new Reading({n}));", NeedsAsync: true),
        // HIQ003
        new("using var wa{n} = _v2.GetWriteApi();\nwa{n}.WriteRecord(\"m v={n}\", WritePrecision.Ns, \"bucket\", \"org\");"),
        new("_v2.GetWriteApi().WriteRecord(\"m v={n}\", WritePrecision.Ns, \"bucket\", \"org\");"),
        new("var wa{n} = _v2.GetWriteApi();\nwa{n}.WriteRecord(\"m v={n}\", WritePrecision.Ns, \"bucket\", \"org\");\nwa{n}.Dispose();\nawait Task.Yield();", NeedsAsync: true),
        // HIQ004
        new("_ = _client.QueryInfluxQLAsync($\"SELECT * FROM t WHERE room = '{{{r}}}'\");"),
        new("_ = _client.QueryInfluxQLAsync(\"SELECT * FROM \\\"\" + {r} + \"\\\" WHERE v > 1\");"),
        new("_ = _client.QueryFluxAsync($\"from(bucket: \\\"{{{r}}}\\\") |> range(start: -1h)\");"),
        new("_ = _v2.GetQueryApi().QueryAsync($\"from(bucket: \\\"home\\\") |> filter(fn: (r) => r.room == \\\"{{{r}}}\\\")\", \"org\");"),
        new("_ = _v3.Query($\"SELECT * FROM t WHERE room = '{{{r}}}' LIMIT {n}\");"),
        new("_ = _v3.Query(\"SELECT * FROM '\" + {r} + \"'\");"),
        new("var q{n} = $\"SELECT * FROM t WHERE room = '{{{r}}}'\";\n_ = _client.QueryInfluxQLAsync(q{n});"),
        new("_ = _client.QueryInfluxQLAsync(query: $@\"SELECT * FROM t\n    WHERE room = '{{{r}}}'\", cancellationToken: CancellationToken.None);"),
        // HIQ005
        new("_ = InfluxDB.Client.Writes.PointData.Measurement(\"m\").Field(\"v\", 1.0).Timestamp(DateTime.Now, WritePrecision.S);"),
        new("var now{n} = DateTime.Now;\n_ = InfluxDB3.Client.Write.PointData.Measurement(\"m\").SetField(\"v\", 1.0).SetTimestamp(now{n});"),
        new("_ = new Stamped { Time = DateTime.Today.AddHours({n}) };"),
        new("_ = new Stamped { Time = System.IO.File.GetLastWriteTime({u}) };"),
        // HIQ006
        new("var up{n} = _v2.PingAsync().Result;\nawait Task.Yield();", NeedsAsync: true),
        new("_v2.GetWriteApiAsync().WriteRecordAsync(\"m v=1\", WritePrecision.Ns, \"bucket\", \"org\").Wait();\nawait Task.Yield();", NeedsAsync: true),
        new("var v{n} = _v3.GetServerVersion().GetAwaiter().GetResult();\nawait Task.Yield();", NeedsAsync: true),
        new("var tables{n} = _v2.GetQueryApiSync().QuerySync(\"from(bucket: \\\"home\\\") |> range(start: -1h)\", \"org\");\nawait Task.Yield();", NeedsAsync: true),
        new("using var w{n} = _client.CreateWriter<Reading>();\nawait w{n}.WriteAsync(new Reading({n}));", NeedsAsync: true),
        // HIQ007
        new("var w{n} = _client.CreateWriter<Reading>();\nawait w{n}.WriteAsync(new Reading({n}));", NeedsAsync: true),
        new("var wa{n} = _v2.GetWriteApi();\nwa{n}.WriteRecord(\"m v={n}\", WritePrecision.Ns, \"bucket\", \"org\");"),
    ];

    // Class-level payloads (HIQ007 fields, HIQ001/HIQ002/HIQ004 expression bodies); {T} is the class name.
    private static readonly string[] Members =
    [
        "private readonly MeasurementWriter<Reading> _w{n} = new InfluxClient(Options).CreateWriter<Reading>();\npublic ValueTask Write{n}Async(Reading r) => _w{n}.WriteAsync(r);",
        "private readonly InfluxDBClient _own{n} = new InfluxDBClient(Url, Token);\nprivate WriteApi? _wa{n};\npublic void Start{n}() => _wa{n} = _own{n}.GetWriteApi();\npublic void Write{n}(string line) => _wa{n}?.WriteRecord(line, WritePrecision.Ns, \"bucket\", \"org\");",
        "public QueryApi Api{n}(string url) => new InfluxDBClient(url, Token).GetQueryApi();",
        "public Task<HomeIQ.Influx.Querying.QueryResultReader> Query{n}(string room) => _client.QueryInfluxQLAsync($\"SELECT * FROM t WHERE room = '{room}'\");",
        "public Stamped Stamp{n}() => new Stamped { Time = DateTime.Now };",
    ];

    private static readonly string[] Comments = ["", "// per call\n", "/* keep */ ", "// TODO: share it\n"];

    /// <summary>Generates projects holding <paramref name="sites"/> call sites in total.</summary>
    public static IEnumerable<Project> Generate(int sites, int seed)
    {
        var random = new Random(seed);
        var made = 0;
        var project = 0;
        while (made < sites)
        {
            var count = Math.Min(8, sites - made);
            yield return MakeProject(random, project++, count);
            made += count;
        }
    }

    private static Project MakeProject(Random random, int index, int count)
    {
        var sites = new StringBuilder();
        var partial = new StringBuilder();
        var program = new StringBuilder();
        var n = index * 100;
        for (var i = 0; i < count; i++)
        {
            n++;
            var context = random.Next(15);
            if (context == 14)
            {
                var member = Fill(Members[random.Next(Members.Length)], n, "url", "room");
                sites.Append(Class("Host" + n, Indent(member, 1), random));
                continue;
            }

            var payload = Statements[random.Next(Statements.Length)];
            var comment = Comments[random.Next(Comments.Length)];
            sites.Append(Wrap(context, payload, comment, n, random, partial, program));
        }

        var files = new List<(string, string)> { ($"Sites{index}.cs", Header + sites + Support) };
        if (partial.Length > 0) files.Add(($"Parts{index}.cs", Header + partial));
        if (program.Length > 0)
        {
            files.Add(($"Program{index}.cs", Header + """
                var (_client, _v2, _v3) = (new InfluxClient(Hosted.Options), (IInfluxDBClient)new InfluxDBClient(Hosted.Url, Hosted.Token), (V3.IInfluxDBClient)new V3.InfluxDBClient("http://localhost:8181", Hosted.Token));
                const string Url = Hosted.Url, Token = Hosted.Token;
                var Options = Hosted.Options;
                string url = args.Length > 0 ? args[0] : Url, room = "kitchen";
                """ + "\n" + program + "\nawait Task.Yield();\n"));
        }

        return new Project(files, count);
    }

    private static string Wrap(int context, Payload payload, string comment, int n, Random random, StringBuilder partial, StringBuilder program)
    {
        var async = payload.NeedsAsync || random.Next(3) == 0;
        var body = comment + Fill(payload.Code, n, "url", "room");
        var returns = async ? "async Task" : "void";
        switch (context)
        {
            case 0: // instance method
                return Class("Handler" + n, $"    public {returns} Handle{n}(string url, string room)\n    {{\n{Indent(body, 2)}\n    }}\n", random);
            case 1: // static method
                return Class("Static" + n, $"    public static {returns} Handle{n}(string url, string room)\n    {{\n{Indent(StaticBody(body), 2)}\n    }}\n", random);
            case 2: // lambda handed to a request router
                return Class("Routes" + n, $"    public void Map(object app)\n    {{\n        app.MapGet(\"/{n}\", {(async ? "async " : "")}(string url, string room) =>\n        {{\n{Indent(body, 3)}\n        }});\n    }}\n", random);
            case 3: // event handler registered in a constructor
                return Class("Events" + n, $"    public event EventHandler<string>? Tick{n};\n    public Events{n}(InfluxClient client, IInfluxDBClient v2, V3.IInfluxDBClient v3) : this()\n    {{\n        _client = client; _v2 = v2; _v3 = v3;\n        Tick{n} += {(async ? "async " : "")}(sender, room) =>\n        {{\n            var url = Url;\n{Indent(body, 3)}\n        }};\n    }}\n", random, secondConstructor: true);
            case 4 when !async: // timer lambda inside a constructor
                return Class("Timed" + n, $"    private readonly Timer _timer{n};\n    public Timed{n}(InfluxClient client, IInfluxDBClient v2, V3.IInfluxDBClient v3) : this()\n    {{\n        _client = client; _v2 = v2; _v3 = v3;\n        _timer{n} = new Timer(_ =>\n        {{\n            string url = Url, room = \"kitchen\";\n{Indent(body, 3)}\n        }}, null, 0, 1000);\n    }}\n", random, secondConstructor: true);
            case 5: // local function
                return Class("Locals" + n, $"    public {returns} Handle{n}(string url, string room)\n    {{\n        {(async ? "await " : "")}Local();\n        {returns.Replace("void", "void")} Local()\n        {{\n{Indent(body, 3)}\n        }}\n    }}\n", random);
            case 6: // loop in a constructor
                if (async) goto case 0;
                return Class("Looping" + n, $"    public Looping{n}(InfluxClient client, IInfluxDBClient v2, V3.IInfluxDBClient v3, string[] urls) : this()\n    {{\n        _client = client; _v2 = v2; _v3 = v3;\n        foreach (var url in urls)\n        {{\n            var room = url;\n{Indent(body, 3)}\n        }}\n    }}\n", random, secondConstructor: true);
            case 7: // property getter
                if (async) goto case 5;
                return Class("Props" + n, $"    public int Value{n}\n    {{\n        get\n        {{\n            string url = Url, room = \"kitchen\";\n{Indent(body, 3)}\n            return {n};\n        }}\n    }}\n", random);
            case 8: // top-level statements
                program.Append(Indent("{\n" + Indent(body.Replace("{n}", n.ToString(CultureInfo.InvariantCulture)), 1) + "\n}", 0)).Append('\n');
                return "";
            case 9: // nested type
                return Class("Outer" + n, $"    public sealed class Inner{n}\n    {{\n        private readonly InfluxClient _client = new(Options);\n        private readonly IInfluxDBClient _v2 = new InfluxDBClient(Url, Token);\n        private readonly V3.IInfluxDBClient _v3 = new V3.InfluxDBClient(\"http://localhost:8181\", Token);\n        public {returns} Handle{n}(string url, string room)\n        {{\n{Indent(body, 3)}\n        }}\n    }}\n", random);
            case 10: // partial class split over two files
                partial.Append($"public partial class Split{n}\n{{\n    public {returns} Handle{n}(string url, string room)\n    {{\n{Indent(body, 2)}\n    }}\n}}\n");
                return Class("Split" + n, "", random, isPartial: true);
            case 11: // expression-bodied member over a block lambda
                return Class("Bodied" + n, $"    public Func<string, string, Task> Handle{n} => {(async ? "async " : "")}(url, room) =>\n    {{\n{Indent(body, 2)}\n{(async ? "" : "        return Task.CompletedTask;\n")}    }};\n", random);
            case 12: // #if region
                return $"#if !NEVER_DEFINED\n{Class("Conditional" + n, $"    public {returns} Handle{n}(string url, string room)\n    {{\n#if true\n{Indent(body, 2)}\n#endif\n    }}\n", random)}#endif\n";
            default: // a loop in an instance method
                return Class("Loop" + n, $"    public {returns} Handle{n}(string[] urls, string room)\n    {{\n        foreach (var url in urls)\n        {{\n{Indent(body, 3)}\n        }}\n    }}\n", random);
        }
    }

    // Static methods have no instance fields: the payload uses locals of the same names.
    private static string StaticBody(string body)
        => "InfluxClient _client = new(Options);\nIInfluxDBClient _v2 = new InfluxDBClient(Url, Token);\nV3.IInfluxDBClient _v3 = new V3.InfluxDBClient(\"http://localhost:8181\", Token);\n" + body;

    private static string Class(string name, string members, Random random, bool secondConstructor = false, bool isPartial = false)
    {
        var kind = !isPartial && random.Next(5) == 0 ? "sealed class" : "class";
        var fields = """
                private readonly InfluxClient _client;
                private readonly IInfluxDBClient _v2;
                private readonly V3.IInfluxDBClient _v3;

            """;
        // One constructor the container would call; classes that need another chain to the fields-only one.
        var constructor = secondConstructor
            ? $"    private {name}()\n    {{\n        _client = null!; _v2 = null!; _v3 = null!;\n    }}\n\n"
            : $"    public {name}(InfluxClient client, IInfluxDBClient v2, V3.IInfluxDBClient v3)\n    {{\n        _client = client;\n        _v2 = v2;\n        _v3 = v3;\n    }}\n\n";
        return $"public {(isPartial ? "partial " : "")}{kind} {name} : Hosted\n{{\n{fields}{constructor}{members}}}\n\n";
    }

    private static string Fill(string code, int n, string url, string room)
        => code.Replace("{n}", n.ToString(CultureInfo.InvariantCulture)).Replace("{u}", url).Replace("{r}", room).Replace("{{", "{").Replace("}}", "}");

    private static string Indent(string code, int level)
        => string.Join("\n", code.Split('\n').Select(line => line.Length == 0 ? line : new string(' ', 4 * level) + line));

    private const string Header = """
        #nullable enable
        using System;
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;
        using HomeIQ.Influx;
        using InfluxDB.Client;
        using InfluxDB.Client.Api.Domain;
        using V3 = InfluxDB3.Client;
        using WritePrecision = InfluxDB.Client.Api.Domain.WritePrecision;

        """;

    private const string Support = """
        public abstract class Hosted
        {
            public const string Url = "http://localhost:8086";
            public const string Token = "token";
            public static readonly InfluxClientOptions Options = new() { Url = new Uri(Url) };
        }

        public sealed class Stamped
        {
            [HomeIQ.Influx.Timestamp] public DateTime Time { get; set; }
        }

        public readonly record struct Reading(double Value) : ILineProtocolPoint<Reading>
        {
            public static string MeasurementName => "reading";
            public static void WriteLineProtocol(ref LineProtocolWriter writer, in Reading point) { }
        }

        public sealed class ReadingWriter(InfluxClient client, HomeIQ.Influx.WriteOptions? options = null) : MeasurementWriter<Reading>(client, options)
        {
        }

        public static class WebApp
        {
            public static void MapGet(this object app, string pattern, Delegate handler) { }
        }

        """;
}
