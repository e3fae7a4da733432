using System.Text;
using Microsoft.CodeAnalysis.Text;

namespace HomeIQ.Influx.Generators.Tests.Infrastructure;

/// <summary>Reads an expected generated file kept beside the tests (Snapshots/{hint name}).</summary>
internal static class Snapshot
{
    public static SourceText Read(string hintName)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Snapshots", hintName);
        // Normalise line ends so a checkout with CRLF still matches the generator's \n.
        var text = File.ReadAllText(path).Replace("\r\n", "\n");
        return SourceText.From(text, Encoding.UTF8);
    }
}
