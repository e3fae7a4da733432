namespace HomeIQ.Influx.Generators;

/// <summary>Names of the tracked pipeline steps, so tests can assert which steps ran again.</summary>
internal static class TrackingNames
{
    /// <summary>Attributed types parsed into <see cref="Model.ParseResult"/>.</summary>
    public const string Parse = nameof(Parse);

    /// <summary>The models that can be emitted.</summary>
    public const string Specs = nameof(Specs);

    /// <summary>The diagnostics of each type.</summary>
    public const string Diagnostics = nameof(Diagnostics);

    /// <summary>The models that get a typed writer.</summary>
    public const string WriterSpecs = nameof(WriterSpecs);

    /// <summary>The models that get a query mapper (and, when not generic, a query class).</summary>
    public const string QuerySpecs = nameof(QuerySpecs);

    /// <summary>The base classes of every measurement, whose mapping attributes are in use.</summary>
    public const string MeasurementBases = nameof(MeasurementBases);

    /// <summary>Mapping attributes on members of types without <c>[Measurement]</c>.</summary>
    public const string OrphanAttributes = nameof(OrphanAttributes);

    /// <summary>Those of them that no measurement derives from (HIQ109).</summary>
    public const string OrphanDiagnostics = nameof(OrphanDiagnostics);

    /// <summary>Partial classes with InfluxDB.Client's <c>[Measurement]</c> parsed into <see cref="Model.ParseResult"/>.</summary>
    public const string ClientParse = nameof(ClientParse);

    /// <summary>Their diagnostics.</summary>
    public const string ClientDiagnostics = nameof(ClientDiagnostics);

    /// <summary>Their models that can be emitted.</summary>
    public const string ClientSpecs = nameof(ClientSpecs);

    /// <summary>Those that get a typed writer.</summary>
    public const string ClientWriterSpecs = nameof(ClientWriterSpecs);

    /// <summary>Those that get a query mapper.</summary>
    public const string ClientQuerySpecs = nameof(ClientQuerySpecs);

    /// <summary>Those that get extension methods on InfluxDB.Client's write and query APIs.</summary>
    public const string ClientExtensionSpecs = nameof(ClientExtensionSpecs);
}
