namespace HomeIQ.Influx.Analyzers.Ownership;

/// <summary>What happens to a created client within the code that created it.</summary>
internal enum Fate
{
    /// <summary>Not disposed and not handed on: it is dropped when the method ends.</summary>
    Dropped,

    /// <summary>Disposed, but by a plain <c>Dispose()</c> call that an exception can skip.</summary>
    DisposedOnSomePaths,

    /// <summary>Disposed on every path: <c>using</c>, <c>await using</c>, or <c>Dispose</c> in <c>finally</c>.</summary>
    Disposed,

    /// <summary>Handed on: returned, stored in a field or property, passed to a registration or an owner. Someone else disposes it.</summary>
    Escapes,
}
