using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace HomeIQ.Influx.Engines.Tests.Flux;

/// <summary>
/// InfluxData's Flux compiler (libflux 0.8.40, the WebAssembly build of the Flux language server) in one long-lived Node
/// process (<c>libflux-check.mjs</c>) that answers JSON lines: for each Flux text, whether it parses, whether libflux
/// calls it valid, whether it passes the semantic check (types, built-in function signatures), and its AST.
/// One process serves the whole test run; requests are serialized and pipelined, so thousands of texts take seconds.
/// </summary>
public sealed class LibFlux : IDisposable
{
    private static readonly Lazy<LibFlux> s_shared = new(Start, LazyThreadSafetyMode.ExecutionAndPublication);
    private static long s_checked;

    private readonly Process _node;
    private readonly StreamWriter _input;
    private readonly StreamReader _output;
    private readonly StringBuilder _stderr = new();
    private readonly SemaphoreSlim _gate = new(1, 1);
    private long _nextId;

    private LibFlux(Process node)
    {
        _node = node;
        _input = node.StandardInput;
        _output = node.StandardOutput;
        node.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (_stderr) _stderr.AppendLine(e.Data); };
        node.BeginErrorReadLine();
    }

    /// <summary>The checker shared by every test of the run, started on first use and stopped when the process exits.</summary>
    public static LibFlux Shared => s_shared.Value;

    /// <summary>How many Flux texts all checkers have checked in this process.</summary>
    public static long TextsChecked => Interlocked.Read(ref s_checked);

    /// <summary>The package version libflux reported (0.8.40).</summary>
    public string Version { get; private set; } = "";

    /// <summary>Checks one text.</summary>
    public FluxCheck Check(string text, bool withAst = false) => CheckAll([text], withAst)[0];

    /// <summary>Checks many texts in one pipelined exchange; the answers are in the order of <paramref name="texts"/>.</summary>
    public IReadOnlyList<FluxCheck> CheckAll(IReadOnlyList<string> texts, bool withAst = false)
    {
        ArgumentNullException.ThrowIfNull(texts);
        _gate.Wait();
        try
        {
            if (_node.HasExited) throw new InvalidOperationException($"The libflux process has exited ({_node.ExitCode}): {_stderr}");
            long first = _nextId;
            _nextId += texts.Count;
            // Write on another thread while this one reads, so neither pipe can fill up and block the other side.
            var writing = Task.Run(() =>
            {
                for (int i = 0; i < texts.Count; i++)
                    _input.Write(JsonSerializer.Serialize(new Request(first + i, texts[i], withAst)) + "\n");
                _input.Flush();
            });
            var results = new FluxCheck[texts.Count];
            for (int i = 0; i < texts.Count; i++)
            {
                var line = _output.ReadLine() ?? throw new InvalidOperationException($"The libflux process ended while checking: {_stderr}");
                using var answer = JsonDocument.Parse(line);
                var root = answer.RootElement;
                long id = root.GetProperty("id").GetInt64();
                if (id != first + i) throw new InvalidOperationException($"libflux answered request {id}, expected {first + i}.");
                if (root.TryGetProperty("failure", out var failure))
                    throw new InvalidOperationException($"libflux failed on {Show(texts[i])}: {failure.GetString()}");
                results[i] = new FluxCheck(
                    texts[i],
                    root.GetProperty("syntax").GetBoolean(),
                    root.GetProperty("valid").GetBoolean(),
                    root.GetProperty("semantic").GetBoolean(),
                    root.GetProperty("errors").EnumerateArray().Select(e => e.GetString() ?? "").ToArray(),
                    root.GetProperty("ast").ValueKind == JsonValueKind.Null ? null : root.GetProperty("ast").Clone());
            }
            writing.GetAwaiter().GetResult();
            Interlocked.Add(ref s_checked, texts.Count);
            return results;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Ends the Node process (closing its input ends it; it is killed if it does not).</summary>
    public void Dispose()
    {
        try
        {
            _input.Close();
            if (!_node.WaitForExit(5_000)) _node.Kill(entireProcessTree: true);
        }
        catch (Exception e) when (e is IOException or InvalidOperationException)
        {
            // already gone
        }
        _node.Dispose();
        _gate.Dispose();
    }

    /// <summary>A text for failure messages: quoted, with control and non-ASCII characters as \uXXXX.</summary>
    public static string Show(string text)
    {
        var sb = new StringBuilder("\"");
        foreach (var c in text) sb.Append(c is >= ' ' and < (char)0x7F ? c.ToString() : $"\\u{(int)c:X4}");
        return sb.Append('"').ToString();
    }

    private static LibFlux Start()
    {
        var package = FindPackage() ?? throw new InvalidOperationException(
            "The npm package @influxdata/flux-lsp-browser (libflux) was not found: set HOMEIQ_LIBFLUX_DIR to its folder, or run " +
            "./test.sh, which installs it into .cache/libflux (npm install @influxdata/flux-lsp-browser@0.8.40).");
        var node = FindNode() ?? throw new InvalidOperationException(
            "node is not installed, so libflux cannot run. Run ./test.sh, which installs Debian's nodejs and npm.");
        var script = Path.Combine(AppContext.BaseDirectory, "Flux", "libflux-check.mjs");
        var start = new ProcessStartInfo(node)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardInputEncoding = new UTF8Encoding(false),
            StandardOutputEncoding = new UTF8Encoding(false),
        };
        start.ArgumentList.Add(script);
        start.ArgumentList.Add(package);
        var process = Process.Start(start) ?? throw new InvalidOperationException("node did not start.");
        var checker = new LibFlux(process);
        var ready = process.StandardOutput.ReadLine();
        if (ready is null)
        {
            process.WaitForExit(5_000);
            throw new InvalidOperationException($"libflux did not start (node exited with {(process.HasExited ? process.ExitCode : -1)}): {checker._stderr}");
        }
        using (var hello = JsonDocument.Parse(ready)) checker.Version = hello.RootElement.GetProperty("version").GetString() ?? "";
        AppDomain.CurrentDomain.ProcessExit += (_, _) => checker.Dispose();
        return checker;
    }

    private static string? FindPackage()
    {
        if (Environment.GetEnvironmentVariable("HOMEIQ_LIBFLUX_DIR") is { Length: > 0 } configured && IsPackage(configured)) return configured;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, ".cache", "libflux", "node_modules", "@influxdata", "flux-lsp-browser");
            if (IsPackage(candidate)) return candidate;
        }
        return null;

        static bool IsPackage(string dir) => File.Exists(Path.Combine(dir, "flux-lsp-browser_bg.wasm")) && File.Exists(Path.Combine(dir, "flux-lsp-browser_bg.js"));
    }

    private static string? FindNode()
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator).Append("/usr/bin").Append("/usr/local/bin"))
        {
            if (dir.Length == 0) continue;
            var candidate = Path.Combine(dir, "node");
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }

    private sealed record Request(
        [property: System.Text.Json.Serialization.JsonPropertyName("id")] long Id,
        [property: System.Text.Json.Serialization.JsonPropertyName("text")] string Text,
        [property: System.Text.Json.Serialization.JsonPropertyName("ast")] bool Ast);
}

/// <summary>libflux's verdict on one Flux text.</summary>
/// <param name="Text">The text checked.</param>
/// <param name="Syntax">The parser reported no error.</param>
/// <param name="Valid">libflux's <c>is_valid_flux</c>.</param>
/// <param name="Semantic">The semantic check passed (<c>new Flux(text).is_valid()</c>: types and built-in signatures).</param>
/// <param name="Errors">The parser's error messages.</param>
/// <param name="Ast">The AST without <c>location</c> members, when it was asked for.</param>
public sealed record FluxCheck(string Text, bool Syntax, bool Valid, bool Semantic, IReadOnlyList<string> Errors, JsonElement? Ast)
{
    /// <summary>Whether libflux accepts the text on every count.</summary>
    public bool Accepted => Syntax && Valid && Semantic;

    /// <summary>The verdict and the text, for failure messages.</summary>
    public override string ToString() =>
        $"syntax={Syntax} valid={Valid} semantic={Semantic}{(Errors.Count > 0 ? " errors: " + string.Join("; ", Errors) : "")}\n{Text}";
}
