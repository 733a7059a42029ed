/*
 * Filtres du catalogue des certifications (sites à plusieurs certifications).
 *
 * Sans JavaScript, la liste entière reste lisible ; avec, le formulaire apparaît et masque les
 * lignes qui ne correspondent pas. Les filtres choisis sont gardés dans l'adresse de la page
 * (?niveau=5&nsf=326), si bien que « Précédent » et un lien partagé les retrouvent.
 */
"use strict";
(function () {
  function plier(texte) {
    return texte.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[’']/g, " ").toLowerCase()
  }

  function contient(liste, valeur) {
    return (" " + liste + " ").indexOf(" " + valeur + " ") >= 0
  }

  function monter() {
    var form = document.getElementById("catalogue-filtres")
    var table = document.getElementById("catalogue")
    if (!form || !table || form.dataset.pret) return
    form.dataset.pret = "oui"
    var lignes = Array.prototype.slice.call(table.tBodies[0].rows)
    var textes = lignes.map(function (l) {
      return plier(l.textContent + " " + l.dataset.nsf + " " + l.dataset.rome)
    })
    var champs = Array.prototype.slice.call(form.querySelectorAll("input, select"))
    var compte = document.getElementById("catalogue-compte")

    function appliquer() {
      var v = {}
      champs.forEach(function (c) { v[c.name] = c.value })
      var mots = plier(v.texte || "").split(/\s+/).filter(Boolean)
      var n = 0
      lignes.forEach(function (l, i) {
        var garde = (!v.niveau || l.dataset.niveau === v.niveau) &&
          (!v.statut || l.dataset.statut === v.statut) &&
          (!v.nsf || contient(l.dataset.nsf, v.nsf)) &&
          (!v.rome || contient(l.dataset.rome, v.rome)) &&
          (!v.certificateur || contient(l.dataset.certificateur, v.certificateur)) &&
          mots.every(function (m) { return textes[i].indexOf(m) >= 0 })
        l.hidden = !garde
        if (garde) n++
      })
      compte.textContent = n + (n > 1 ? " certifications affichées" : " certification affichée") +
        " sur " + lignes.length + "."
      var q = new URLSearchParams()
      champs.forEach(function (c) { if (c.value) q.set(c.name, c.value) })
      var cherche = q.toString()
      history.replaceState(history.state, "", location.pathname + (cherche ? "?" + cherche : "") + location.hash)
    }

    var demande = new URLSearchParams(location.search)
    champs.forEach(function (c) {
      if (demande.has(c.name)) c.value = demande.get(c.name)
    })
    form.hidden = false
    form.addEventListener("input", appliquer)
    form.addEventListener("change", appliquer)
    form.addEventListener("reset", function () { setTimeout(appliquer, 0) })
    form.addEventListener("submit", function (ev) { ev.preventDefault() })
    appliquer()
  }

  if (typeof document$ !== "undefined") document$.subscribe(monter)
  else document.addEventListener("DOMContentLoaded", monter)
})()
