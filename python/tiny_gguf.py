"""A tiny random-weight llama-architecture GGUF model for testing rungs against a real llama.cpp llama-server.

Byte-level BPE vocabulary (every byte a token, and three merges) so any text tokenizes; ChatML control tokens and a
ChatML chat template; random weights from a fixed seed, so the file is the same on every machine.
"""
import sys

import numpy as np
import gguf


def bytes_to_unicode() -> dict[int, str]:
    # GPT-2's reversible byte <-> printable-character map that byte-level BPE vocabularies are written in.
    printable = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1)) + list(range(ord("®"), ord("ÿ") + 1))
    chars = printable[:]
    extra = 0
    for b in range(256):
        if b not in printable:
            printable.append(b)
            chars.append(256 + extra)
            extra += 1
    return {b: chr(c) for b, c in zip(printable, chars)}


def main(path: str) -> None:
    rng = np.random.default_rng(20261207)
    byte_chars = bytes_to_unicode()
    tokens = [byte_chars[b] for b in range(256)]
    # A few merges (llama.cpp refuses a BPE vocabulary without any), each making a token of the vocabulary.
    merges = [f"{byte_chars[ord(' ')]} t", "h e", "i n"]
    tokens += [m.replace(" ", "") for m in merges]
    types = [gguf.TokenType.NORMAL] * len(tokens)
    specials = ["<|endoftext|>", "<|im_start|>", "<|im_end|>"]
    tokens += specials
    types += [gguf.TokenType.CONTROL] * len(specials)
    n_vocab, n_embd, n_head, n_ff, n_layer = len(tokens), 64, 4, 128, 2

    w = gguf.GGUFWriter(path, "llama")
    w.add_name("rungs-tiny-random")
    w.add_context_length(65536)
    w.add_embedding_length(n_embd)
    w.add_block_count(n_layer)
    w.add_feed_forward_length(n_ff)
    w.add_head_count(n_head)
    w.add_head_count_kv(n_head)
    w.add_rope_dimension_count(n_embd // n_head)
    w.add_layer_norm_rms_eps(1e-5)
    w.add_vocab_size(n_vocab)
    w.add_file_type(gguf.LlamaFileType.ALL_F32)
    w.add_tokenizer_model("gpt2")
    w.add_tokenizer_pre("default")
    w.add_token_list(tokens)
    w.add_token_types(types)
    w.add_token_merges(merges)
    w.add_bos_token_id(tokens.index("<|endoftext|>"))
    w.add_eos_token_id(tokens.index("<|im_end|>"))
    w.add_add_bos_token(False)
    w.add_chat_template(
        "{% for m in messages %}{{ '<|im_start|>' + m['role'] + '\n' + m['content'] + '<|im_end|>\n' }}{% endfor %}"
        "{% if add_generation_prompt %}{{ '<|im_start|>assistant\n' }}{% endif %}"
    )

    def t(name: str, *shape: int, scale: float = 0.5) -> None:
        w.add_tensor(name, (rng.standard_normal(shape) * scale).astype(np.float32))

    def ones(name: str, n: int) -> None:
        w.add_tensor(name, np.ones(n, dtype=np.float32))

    t("token_embd.weight", n_vocab, n_embd)
    ones("output_norm.weight", n_embd)
    t("output.weight", n_vocab, n_embd)
    for i in range(n_layer):
        ones(f"blk.{i}.attn_norm.weight", n_embd)
        for name in ("attn_q", "attn_k", "attn_v", "attn_output"):
            t(f"blk.{i}.{name}.weight", n_embd, n_embd, scale=0.2)
        ones(f"blk.{i}.ffn_norm.weight", n_embd)
        t(f"blk.{i}.ffn_gate.weight", n_ff, n_embd, scale=0.2)
        t(f"blk.{i}.ffn_up.weight", n_ff, n_embd, scale=0.2)
        t(f"blk.{i}.ffn_down.weight", n_embd, n_ff, scale=0.2)

    w.write_header_to_file()
    w.write_kv_data_to_file()
    w.write_tensors_to_file()
    w.close()


if __name__ == "__main__":
    main(sys.argv[1])
