using System.Text;

namespace HomeIQ.Influx.Generators.Emitter;

/// <summary>Builds generated source with consistent four-space indentation and \n line ends.</summary>
internal sealed class SourceWriter
{
    private readonly StringBuilder _text = new();
    private int _indent;

    public SourceWriter WriteLine(string line)
    {
        if (line.Length > 0) _text.Append(' ', _indent * 4).Append(line);
        _text.Append('\n');
        return this;
    }

    public SourceWriter WriteLine() => WriteLine(string.Empty);

    public SourceWriter OpenBlock(string line)
    {
        WriteLine(line);
        WriteLine("{");
        _indent++;
        return this;
    }

    public SourceWriter OpenBlock()
    {
        WriteLine("{");
        _indent++;
        return this;
    }

    public SourceWriter CloseBlock(string suffix = "")
    {
        _indent--;
        WriteLine("}" + suffix);
        return this;
    }

    public SourceWriter Indent()
    {
        _indent++;
        return this;
    }

    public SourceWriter Unindent()
    {
        _indent--;
        return this;
    }

    public override string ToString() => _text.ToString();
}
