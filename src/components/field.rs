//! One labelled form field: a label, a text input bound to a signal, and the field's problem
//! under it once there is one (announced, and tied to the input for screen readers).

use leptos::prelude::*;

/// A text input with its label and error. `test_id` names the input; its error is
/// `{test_id}-error`. `children`, when given, sit beside the input (Show, Generate).
#[component]
pub fn TextField(
    label: &'static str,
    value: RwSignal<String>,
    /// The field's problem, shown under it; `None` while it has none (or is not checked yet).
    #[prop(into)]
    error: Memo<Option<&'static str>>,
    test_id: &'static str,
    /// The input's `type`.
    #[prop(into, default = Signal::stored("text"))]
    kind: Signal<&'static str>,
    #[prop(default = "off")] autocomplete: &'static str,
    #[prop(optional)] autofocus: bool,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    let error_id = format!("{test_id}-error");
    let input = view! {
        <input
            type=move || kind.get()
            autocomplete=autocomplete
            autofocus=autofocus
            data-testid=test_id
            aria-invalid=move || error.get().is_some().to_string()
            aria-describedby=error_id.clone()
            prop:value=move || value.get()
            on:input:target=move |ev| value.set(ev.target().value())
        />
    };
    let control = match children {
        Some(extra) => view! { <span class="form__row">{input} {extra()}</span> }.into_any(),
        None => input.into_any(),
    };
    view! {
        <label class="form__field">
            <span>{label}</span>
            {control}
            {move || {
                error
                    .get()
                    .map(|e| {
                        view! {
                            <span class="form__error" role="alert" id=error_id.clone() data-testid=error_id.clone()>
                                {e}
                            </span>
                        }
                    })
            }}
        </label>
    }
}

/// A checkbox with its label.
#[component]
pub fn CheckField(label: &'static str, checked: RwSignal<bool>, test_id: &'static str) -> impl IntoView {
    view! {
        <label class="form__check">
            <input
                type="checkbox"
                data-testid=test_id
                prop:checked=move || checked.get()
                on:change:target=move |ev| checked.set(ev.target().checked())
            />
            {format!(" {label}")}
        </label>
    }
}
