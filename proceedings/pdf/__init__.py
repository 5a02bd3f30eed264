"""Volume + layout -> the PDF volume: front matter, stamped papers, back matter, per-paper PDFs.

Typesetting (typst) and assembling (pypdf) meet in :class:`Typeset`: a PDF plus the places on
its pages that the assembly turns into outline entries and links.
"""
