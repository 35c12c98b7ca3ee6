extension Substring {
    /// The text without SP and HTAB at either end: optional whitespace (RFC 9110 §5.6.3), which
    /// header values such as `Cookie` and `Content-Type` allow around their parts.
    var trimmingOptionalWhitespace: Substring {
        var text = self
        while let first = text.utf8.first, first == ASCII.space || first == ASCII.tab { text = text.dropFirst() }
        while let last = text.utf8.last, last == ASCII.space || last == ASCII.tab { text = text.dropLast() }
        return text
    }
}
