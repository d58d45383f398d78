using System.Collections;
using System.Collections.Generic;

namespace AutoDiffGen.Analyzers;

/// <summary>
/// An immutable map from a few keys to values, stored as one array searched linearly. The flow analysis of ADG1001 keeps
/// one per variable (its sources, usually one to a dozen) and builds thousands of them per method; for maps that small
/// this is several times faster than <c>ImmutableDictionary</c> (a tree of hash buckets that also compares values on
/// every write). Keys compare with <see cref="object.Equals(object, object)"/>, as the default comparer does.
/// </summary>
internal sealed class SmallMap<TValue> : IEnumerable<KeyValuePair<object, TValue>>
{
    public static readonly SmallMap<TValue> Empty = new(System.Array.Empty<KeyValuePair<object, TValue>>());

    private readonly KeyValuePair<object, TValue>[] _items;

    private SmallMap(KeyValuePair<object, TValue>[] items) => _items = items;

    public bool IsEmpty => _items.Length == 0;

    public int Count => _items.Length;

    public IEnumerable<TValue> Values
    {
        get
        {
            foreach (var item in _items)
            {
                yield return item.Value;
            }
        }
    }

    /// <summary>This map with <paramref name="key"/> set to <paramref name="value"/>.</summary>
    public SmallMap<TValue> Add(object key, TValue value)
    {
        var builder = ToBuilder();
        builder[key] = value;
        return builder.ToImmutable();
    }

    public bool ContainsKey(object key) => IndexOf(_items, _items.Length, key) >= 0;

    public bool TryGetValue(object key, out TValue value)
    {
        var index = IndexOf(_items, _items.Length, key);
        value = index >= 0 ? _items[index].Value : default!;
        return index >= 0;
    }

    public Builder ToBuilder() => new(this);

    public Enumerator GetEnumerator() => new(_items);

    IEnumerator<KeyValuePair<object, TValue>> IEnumerable<KeyValuePair<object, TValue>>.GetEnumerator() => ((IEnumerable<KeyValuePair<object, TValue>>)_items).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => _items.GetEnumerator();

    private static int IndexOf(KeyValuePair<object, TValue>[] items, int count, object key)
    {
        for (var i = 0; i < count; i++)
        {
            var candidate = items[i].Key;
            if (ReferenceEquals(candidate, key) || candidate.Equals(key))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Array enumeration without allocation.</summary>
    public struct Enumerator
    {
        private readonly KeyValuePair<object, TValue>[] _items;
        private int _index;

        public Enumerator(KeyValuePair<object, TValue>[] items)
        {
            _items = items;
            _index = -1;
        }

        public KeyValuePair<object, TValue> Current => _items[_index];

        public bool MoveNext() => ++_index < _items.Length;
    }

    /// <summary>A mutable copy; <see cref="ToImmutable"/> returns the original map when nothing was set.</summary>
    public sealed class Builder
    {
        private SmallMap<TValue> _source;
        private KeyValuePair<object, TValue>[] _items;
        private int _count;
        private bool _changed;

        public Builder(SmallMap<TValue> source)
        {
            _source = source;
            _items = source._items;
            _count = source._items.Length;
        }

        public TValue this[object key]
        {
            get => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException();
            set
            {
                var index = IndexOf(_items, _count, key);
                Own(index < 0 ? _count + 1 : _count);
                if (index < 0)
                {
                    _items[_count++] = new KeyValuePair<object, TValue>(key, value);
                }
                else
                {
                    _items[index] = new KeyValuePair<object, TValue>(_items[index].Key, value);
                }
            }
        }

        public bool TryGetValue(object key, out TValue value)
        {
            var index = IndexOf(_items, _count, key);
            value = index >= 0 ? _items[index].Value : default!;
            return index >= 0;
        }

        public SmallMap<TValue> ToImmutable()
        {
            if (!_changed)
            {
                return _source;
            }

            var result = new KeyValuePair<object, TValue>[_count];
            System.Array.Copy(_items, result, _count);
            _items = result;
            _changed = false;
            _source = new SmallMap<TValue>(result);
            return _source;
        }

        /// <summary>Copies the shared array before the first write, with room for <paramref name="size"/> items.</summary>
        private void Own(int size)
        {
            if (!_changed || size > _items.Length)
            {
                var copy = new KeyValuePair<object, TValue>[System.Math.Max(size, _changed ? _items.Length * 2 : _count + 4)];
                System.Array.Copy(_items, copy, _count);
                _items = copy;
                _changed = true;
            }
        }
    }
}
