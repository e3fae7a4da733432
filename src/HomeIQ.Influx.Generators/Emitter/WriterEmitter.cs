using HomeIQ.Influx.Generators.Model;

namespace HomeIQ.Influx.Generators.Emitter;

/// <summary>
/// Model in, text out: the typed writer <c>{Type}Writer</c>, a sealed partial <c>MeasurementWriter&lt;T&gt;</c> so that
/// users can inject and fake <c>IMeasurementWriter&lt;T&gt;</c> by a type name of their own measurement.
/// </summary>
/// <remarks>
/// The writer has the measurement's accessibility and sits beside it: in the same namespace, and for a nested
/// measurement in the same containing types (<c>Outer.Status</c> gets <c>Outer.StatusWriter</c>), which keeps the
/// names of same-named nested measurements apart and needs no accessibility reasoning. Generic measurement types get
/// no writer (there is no single closed type to name); use <c>MeasurementWriter&lt;T&gt;</c> with a closed type.
/// </remarks>
internal static class WriterEmitter
{
    public const string Purpose = "Writer";

    /// <summary>Whether a writer is emitted for <paramref name="spec"/>.</summary>
    public static bool Applies(MeasurementSpec spec) => !EmitHelpers.IsGenericAnywhere(spec);

    public static string Emit(MeasurementSpec spec)
    {
        var w = new SourceWriter();
        EmitHelpers.Open(w, spec, nested: true);
        string self = spec.FullyQualifiedName;
        string name = spec.Type.Ref.MetadataName + "Writer";
        string measurement = EmitHelpers.Xml(spec.MeasurementName);

        w.WriteLine("/// <summary>");
        w.WriteLine("/// Writes <see cref=\"" + self + "\"/> points (measurement <c>" + measurement + "</c>) to InfluxDB in batches, from any");
        w.WriteLine("/// number of threads. Create one per measurement type and keep it for the application's lifetime; depend on");
        w.WriteLine("/// <see cref=\"" + EmitHelpers.Runtime + "IMeasurementWriter{T}\"/> to fake it in tests.");
        w.WriteLine("/// </summary>");
        w.WriteLine(EmitHelpers.GeneratedCodeAttribute);
        w.OpenBlock(EmitHelpers.Keyword(spec.Type.Accessibility) + " sealed partial class " + name + " : " + EmitHelpers.Runtime + "MeasurementWriter<" + self + ">");
        w.WriteLine("/// <summary>Creates a writer that sends through <paramref name=\"client\"/> (which it does not dispose).</summary>");
        w.WriteLine("/// <param name=\"client\">The shared connection to the server.</param>");
        w.WriteLine("/// <param name=\"options\">Batching, buffering and resilience settings; the defaults when <see langword=\"null\"/>.</param>");
        w.WriteLine("/// <exception cref=\"global::System.ArgumentException\">The options are invalid; the message names each bad setting.</exception>");
        w.WriteLine("public " + name + "(" + EmitHelpers.Runtime + "InfluxClient client, " + EmitHelpers.Runtime + "WriteOptions? options = null)");
        w.Indent();
        w.WriteLine(": base(client, options)");
        w.Unindent();
        w.OpenBlock();
        w.CloseBlock();
        w.CloseBlock();

        EmitHelpers.Close(w, spec, nested: true);
        return w.ToString();
    }
}
