// Recovery from a trapped WebAssembly instance, inlined by assemble.mjs into both
// package entries (the Node one, which CJS and ESM share, and the web one).
//
// A trap (`unreachable`, an out-of-bounds access, memory that cannot grow) stops the
// instance in the middle of a call: its allocator, borrow flags and stack are left as
// they were, so every later call on it may fail too. The library must not go down
// with one bad call. So every function, method, getter and constructor of the package
// goes through this wrapper, which:
//
// - turns a `WebAssembly.RuntimeError` escaping a call into an `Error` with code
//   `Internal` (the trap's message in it), after starting a fresh instance of the same
//   compiled `WebAssembly.Module` (`control.reinstantiate()`, added to the glue by
//   assemble.mjs) for every later call;
// - throws `InstanceLost` from objects created on an instance that trapped (their
//   memory is gone), `Freed` from objects after `free()`, and `WrongType` for a method
//   called on something that is not one of this library's objects, or given one
//   where an object of another class belongs (`merge({})`);
// - makes `free()` safe: a second `free()` does nothing, and a `free()` from inside a
//   callback of the same object (`onTurn`) frees it when the running call returns.
//
// `control` (from the glue): `state.generation` (incremented by every re-instantiation),
// `state.tags` (each object of the glue's classes → the generation it was created in,
// set when the glue registers it for finalization), `state.taken` (the last value
// the glue took from wasm: an error Rust returned is that value, a trap never is) and
// `reinstantiate()`. `params` lists, per `Class.method`, the arguments that must be
// objects of a class of the library: `{ 'LatencyAggregator.merge': [[0, 'LatencyAggregator']] }`.
function createInstanceGuard(control, classes, params) {
  const state = control.state;
  const tags = state.tags;
  const coded = (Ctor, code, message) => {
    const error = new Ctor(message);
    error.code = code;
    return error;
  };
  // A RuntimeError that Rust returned (from a callback of the user's) is not a trap of
  // this instance: only one thrown by the engine is.
  const translate = (error) => {
    if (!(error instanceof WebAssembly.RuntimeError) || error === state.taken) return error;
    let restarted = '';
    try {
      control.reinstantiate();
    } catch (e) {
      restarted = ` (starting a fresh instance failed too: ${e && e.message}; the next call tries again)`;
    }
    return coded(
      Error,
      'Internal',
      `the WebAssembly instance trapped: ${error.message}. This is a bug; please report it with the input. ` +
        `Later calls run on a fresh instance; objects created before it are lost (code InstanceLost)${restarted}`,
    );
  };
  const lost = (cls) =>
    coded(
      Error,
      'InstanceLost',
      `this ${cls} belonged to a WebAssembly instance that trapped; create a new one`,
    );
  // Checks that `self` is a live object of this library; `cls`/`name` say what was called.
  const check = (self, cls, name) => {
    const generation = tags.get(self);
    if (generation === undefined) {
      throw coded(TypeError, 'WrongType', `${cls}.${name}: not called on a ${cls} of this library`);
    }
    if (generation !== state.generation) throw lost(cls);
    if (self.__wbg_ptr === 0) throw coded(TypeError, 'Freed', `${cls}.${name}: this ${cls} was freed (free())`);
  };
  const checkArgs = (args, list, where) => {
    for (const [i, cls] of list) {
      const arg = args[i];
      const generation = tags.get(arg);
      if (generation === undefined || !(arg instanceof classes[cls])) {
        throw coded(TypeError, 'WrongType', `${where}: argument ${i + 1} must be a ${cls} of this library`);
      }
      if (generation !== state.generation) throw lost(cls);
      if (arg.__wbg_ptr === 0) throw coded(TypeError, 'Freed', `${where}: this ${cls} was freed (free())`);
    }
  };

  // Objects one of whose methods is running (a callback may call back into them), and
  // those whose `free()` waits until it returns.
  const active = [];
  const pendingFree = new Map(); // object → the glue's free
  const flushFrees = () => {
    for (const [o, f] of pendingFree) {
      if (active.includes(o)) continue;
      pendingFree.delete(o);
      if (tags.get(o) === state.generation && o.__wbg_ptr !== 0) f.call(o);
    }
  };
  const method = (cls, name, f) => {
    const list = params[`${cls}.${name}`];
    const where = `${cls}.${name}`;
    return function (...args) {
      check(this, cls, name);
      if (list !== undefined) checkArgs(args, list, where);
      active.push(this);
      try {
        return f.apply(this, args);
      } catch (error) {
        throw translate(error);
      } finally {
        active.pop();
        if (pendingFree.size !== 0) flushFrees();
      }
    };
  };
  const free = (cls, f) =>
    function free() {
      const generation = tags.get(this);
      if (generation === undefined) {
        throw coded(TypeError, 'WrongType', `${cls}.free: not called on a ${cls} of this library`);
      }
      // Freed already, or its instance is gone: nothing to free.
      if (generation !== state.generation || this.__wbg_ptr === 0) return;
      if (active.includes(this)) {
        pendingFree.set(this, f);
        return;
      }
      try {
        f.call(this);
      } catch (error) {
        throw translate(error);
      }
    };
  const fn = (f) => {
    const guarded = function (...args) {
      try {
        return f.apply(this, args);
      } catch (error) {
        throw translate(error);
      }
    };
    Object.defineProperty(guarded, 'name', { value: f.name });
    return guarded;
  };

  // Wraps every method and getter of `C` (and its statics) in place; returns what the
  // package exports for it: `C` behind a Proxy that guards the constructor.
  const guardClass = (C) => {
    const cls = C.name;
    const proto = C.prototype;
    for (const key of Reflect.ownKeys(proto)) {
      if (key === 'constructor' || key === '__destroy_into_raw' || key === Symbol.dispose) continue;
      const d = Object.getOwnPropertyDescriptor(proto, key);
      const name = String(key);
      if (key === 'free') {
        d.value = free(cls, d.value);
      } else if (typeof d.value === 'function') {
        d.value = method(cls, name, d.value);
      } else if (d.get !== undefined) {
        d.get = method(cls, name, d.get);
      } else {
        continue;
      }
      Object.defineProperty(proto, key, d);
    }
    // The glue makes `[Symbol.dispose]` the same function as `free` (`using`).
    if (typeof Symbol.dispose === 'symbol' && Object.hasOwn(proto, Symbol.dispose)) {
      Object.defineProperty(proto, Symbol.dispose, { ...Object.getOwnPropertyDescriptor(proto, Symbol.dispose), value: proto.free });
    }
    for (const key of Object.getOwnPropertyNames(C)) {
      const d = Object.getOwnPropertyDescriptor(C, key);
      if (typeof d.value !== 'function' || key.startsWith('__')) continue;
      d.value = fn(d.value);
      Object.defineProperty(C, key, d);
    }
    return new Proxy(C, {
      construct(target, args, newTarget) {
        try {
          return Reflect.construct(target, args, newTarget);
        } catch (error) {
          throw translate(error);
        }
      },
      apply() {
        throw coded(TypeError, 'WrongType', `${cls} is a class: use new ${cls}(...)`);
      },
    });
  };
  return { fn, guardClass };
}
